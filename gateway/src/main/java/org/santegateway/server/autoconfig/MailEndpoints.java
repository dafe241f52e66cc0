package org.santegateway.server.autoconfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.santegateway.server.settings.GatewayProperties;

/**
 * Where professionals' mail clients reach the gateway: its public host name (the first of
 * {@code tls.hostnames}, which the server certificate names) and the ports the submission and IMAP
 * listeners of {@code smtpserver.xml} and {@code imapserver.xml} bind, and the webmail's HTTPS port.
 * Behind a NAT that maps other ports, the published ones differ: say so to clients in DNS instead.
 * Read from the configuration files ({@link #of}, for {@code gateway-admin dns}) or from the running
 * listeners ({@link #bound}, for the documents the gateway serves).
 */
public record MailEndpoints(String host, int submission, int submissions, int imap, int imaps, int https) {
    private static final Pattern SERVER = Pattern.compile("<jmxName>([^<]+)</jmxName>\\s*<bind>[^<]*:(\\d+)</bind>");
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");

    public MailEndpoints {
        host = host.toLowerCase(Locale.ROOT);
        if (!isDnsName(host)) {
            throw new IllegalArgumentException("not a DNS name");
        }
    }

    static boolean isDnsName(String name) {
        return DNS_NAME.matcher(name).matches() && !name.contains("..");
    }

    /** From the configuration directory; {@code host} empty: the first of {@code tls.hostnames}. */
    public static MailEndpoints of(Path configDirectory, GatewayProperties properties, String host) {
        try {
            String smtp = Files.readString(configDirectory.resolve("smtpserver.xml"), StandardCharsets.UTF_8);
            String imap = Files.readString(configDirectory.resolve("imapserver.xml"), StandardCharsets.UTF_8);
            String name = host.isEmpty() ? properties.list("tls.hostnames").stream().findFirst().orElse("localhost") : host;
            return new MailEndpoints(name,
                port(smtp, "smtpserver-submission").orElse(587), port(smtp, "smtpserver-submissions").orElse(465),
                port(imap, "imapserver").orElse(143), port(imap, "imapserver-ssl").orElse(993),
                properties.integer("webmail.port", 8443, 0, 65535));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * From the running listeners: the submission ports are the SMTP listeners that announce AUTH
     * (implicit TLS or STARTTLS), the IMAP ports the IMAP listeners; the webmail port from the settings.
     */
    public static MailEndpoints bound(GatewayProperties properties, List<AbstractConfigurableAsyncServer> smtp,
                                      List<AbstractConfigurableAsyncServer> imap) {
        List<AbstractConfigurableAsyncServer> submission = smtp.stream()
            .filter(server -> server instanceof SMTPServer listener && listener.getAuthRequired() != SMTPServer.AuthenticationAnnounceMode.NEVER)
            .toList();
        return new MailEndpoints(properties.list("tls.hostnames").stream().findFirst().orElse("localhost"),
            port(submission, false).orElse(587), port(submission, true).orElse(465),
            port(imap, false).orElse(143), port(imap, true).orElse(993),
            properties.integer("webmail.port", 8443, 0, 65535));
    }

    private static OptionalInt port(List<AbstractConfigurableAsyncServer> servers, boolean implicitTls) {
        return servers.stream()
            .filter(server -> "secure".equals(server.getSocketType()) == implicitTls && !server.getListenAddresses().isEmpty())
            .mapToInt(server -> server.getListenAddresses().get(0).getPort())
            .findFirst();
    }

    private static OptionalInt port(String xml, String jmxName) {
        Matcher matcher = SERVER.matcher(xml);
        while (matcher.find()) {
            if (matcher.group(1).trim().equals(jmxName)) {
                return OptionalInt.of(Integer.parseInt(matcher.group(2)));
            }
        }
        return OptionalInt.empty();
    }
}
