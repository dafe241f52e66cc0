package org.santegateway.server.autoconfig;

import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.santegateway.conversation.PatientDomains;
import org.santegateway.server.psc.PscSettings;
import org.santegateway.server.settings.GatewayProperties;
import org.santegateway.xml.SafeXml;
import org.santegateway.xml.XmlElement;
import org.santegateway.xml.XmlException;
import org.santegateway.xml.XmlLimits;

import com.google.common.base.Suppliers;

/**
 * The documents mail clients configure themselves from, for each mail domain the gateway hosts
 * (patient domains excepted: patients use the webmail), served by the webmail's HTTPS listener:
 *
 * <ul>
 *   <li>Thunderbird's autoconfig, {@code GET /.well-known/autoconfig/mail/config-v1.1.xml} and
 *   {@code GET /mail/config-v1.1.xml} (on {@code autoconfig.<domain>}), format config-v1.1: IMAP and
 *   submission, implicit TLS first then STARTTLS, {@code OAuth2} (Pro Santé Connect) when token
 *   logins are configured, {@code password-cleartext} (inside TLS) unless the domain is PSC-only;</li>
 *   <li>Outlook's Autodiscover "POX", {@code POST /autodiscover/autodiscover.xml}: IMAP and SMTP over
 *   TLS for the address of the request.</li>
 * </ul>
 * The domain is the one of the address asked about ({@code emailaddress}, {@code EMailAddress}),
 * else the request's host name without an {@code autoconfig.} or {@code autodiscover.} prefix; an
 * unknown domain gets nothing (404), which tells nobody more than DNS does.
 */
public class ClientAutoconfig {
    public static final String THUNDERBIRD_WELL_KNOWN = "/.well-known/autoconfig/mail/config-v1.1.xml";
    public static final String THUNDERBIRD = "/mail/config-v1.1.xml";
    public static final String AUTODISCOVER = "/autodiscover/autodiscover.xml";
    static final String AUTODISCOVER_RESPONSE = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    static final String OUTLOOK_RESPONSE = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
    private static final XmlLimits REQUEST_LIMITS = new XmlLimits(16 * 1024, 50, 8, 1024);

    private final Predicate<Domain> hosted;
    private final PscSettings psc;
    private final Supplier<MailEndpoints> endpoints;

    /** The ports are those the listeners are bound to, read at the first request (they are bound by then). */
    @Inject
    public ClientAutoconfig(DomainList domains, PatientDomains patientDomains, PscSettings psc, GatewayProperties properties,
                            SMTPServerFactory smtp, IMAPServerFactory imap) {
        this(domain -> !patientDomains.contains(domain) && contains(domains, domain), psc,
            Suppliers.memoize(() -> MailEndpoints.bound(properties, smtp.getServers(), imap.getServers())));
    }

    /** @param hosted the mail domains of professionals this gateway hosts */
    ClientAutoconfig(Predicate<Domain> hosted, PscSettings psc, Supplier<MailEndpoints> endpoints) {
        this.hosted = hosted;
        this.psc = psc;
        this.endpoints = endpoints;
    }

    private static boolean contains(DomainList domains, Domain domain) {
        try {
            return domains.containsDomain(domain);
        } catch (DomainListException e) {
            return false;
        }
    }

    /** Whether a path is one of these documents' (compared without case: Outlook writes {@code /Autodiscover/Autodiscover.xml}). */
    public static boolean handles(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.equals(THUNDERBIRD_WELL_KNOWN) || lower.equals(THUNDERBIRD) || lower.equals(AUTODISCOVER);
    }

    public static boolean isAutodiscover(String path) {
        return path.toLowerCase(Locale.ROOT).equals(AUTODISCOVER);
    }

    /** Thunderbird's document for an address ({@code emailaddress}) or host name; empty for a domain not hosted. */
    public Optional<String> thunderbird(Optional<String> emailAddress, Optional<String> host) {
        return domainOf(emailAddress, host).map(this::configV11);
    }

    /** Outlook's answer to an Autodiscover request body; empty when unreadable or for a domain not hosted. */
    public Optional<String> autodiscover(byte[] request, Optional<String> host) {
        Optional<String> address;
        try {
            XmlElement root = SafeXml.parse(new ByteArrayInputStream(request), REQUEST_LIMITS);
            address = root.descendantsAndSelf().stream().filter(element -> element.localName().equals("EMailAddress"))
                .map(XmlElement::text).map(String::trim).findFirst();
        } catch (XmlException | RuntimeException e) {
            return Optional.empty();
        }
        if (address.isEmpty()) {
            return Optional.empty();
        }
        String email = address.get();
        return domainOf(address, host).map(domain -> pox(email));
    }

    private Optional<String> domainOf(Optional<String> emailAddress, Optional<String> host) {
        Optional<String> domain = emailAddress.filter(value -> value.indexOf('@') > 0)
            .map(value -> value.substring(value.lastIndexOf('@') + 1))
            .or(() -> host.map(ClientAutoconfig::withoutPort)
                .map(name -> name.startsWith("autoconfig.") ? name.substring("autoconfig.".length()) : name)
                .map(name -> name.startsWith("autodiscover.") ? name.substring("autodiscover.".length()) : name))
            .map(value -> value.trim().toLowerCase(Locale.ROOT))
            .filter(MailEndpoints::isDnsName);
        return domain.filter(this::hosted);
    }

    private boolean hosted(String name) {
        try {
            return hosted.test(Domain.of(name));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String withoutPort(String host) {
        int colon = host.lastIndexOf(':');
        return colon > 0 && !host.endsWith("]") ? host.substring(0, colon) : host;
    }

    /** Mozilla's config-v1.1 (wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat). */
    String configV11(String domain) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<clientConfig version=\"1.1\">\n");
        xml.append("  <emailProvider id=\"").append(domain).append("\">\n");
        xml.append("    <domain>").append(domain).append("</domain>\n");
        xml.append("    <displayName>Messagerie sécurisée de santé ").append(domain).append("</displayName>\n");
        xml.append("    <displayShortName>MSSanté</displayShortName>\n");
        server(xml, "incomingServer", "imap", endpoints.get().imaps(), "SSL", domain);
        server(xml, "incomingServer", "imap", endpoints.get().imap(), "STARTTLS", domain);
        server(xml, "outgoingServer", "smtp", endpoints.get().submissions(), "SSL", domain);
        server(xml, "outgoingServer", "smtp", endpoints.get().submission(), "STARTTLS", domain);
        xml.append("  </emailProvider>\n</clientConfig>\n");
        return xml.toString();
    }

    private void server(StringBuilder xml, String element, String type, int port, String socketType, String domain) {
        xml.append("    <").append(element).append(" type=\"").append(type).append("\">\n");
        xml.append("      <hostname>").append(endpoints.get().host()).append("</hostname>\n");
        xml.append("      <port>").append(port).append("</port>\n");
        xml.append("      <socketType>").append(socketType).append("</socketType>\n");
        xml.append("      <username>%EMAILADDRESS%</username>\n");
        if (psc.enabled()) {
            xml.append("      <authentication>OAuth2</authentication>\n");
        }
        if (psc.passwordAllowed(domain)) {
            xml.append("      <authentication>password-cleartext</authentication>\n");
        }
        xml.append("    </").append(element).append(">\n");
    }

    /** Autodiscover POX (MS-OXDSCLI), the "email" account kind: IMAP and SMTP settings. */
    String pox(String email) {
        String login = escape(email);
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<Autodiscover xmlns=\"" + AUTODISCOVER_RESPONSE + "\">\n"
            + "  <Response xmlns=\"" + OUTLOOK_RESPONSE + "\">\n"
            + "    <Account>\n"
            + "      <AccountType>email</AccountType>\n"
            + "      <Action>settings</Action>\n"
            + protocol("IMAP", endpoints.get().imaps(), login)
            + protocol("SMTP", endpoints.get().submissions(), login)
            + "    </Account>\n"
            + "  </Response>\n"
            + "</Autodiscover>\n";
    }

    private String protocol(String type, int port, String login) {
        return "      <Protocol>\n"
            + "        <Type>" + type + "</Type>\n"
            + "        <Server>" + endpoints.get().host() + "</Server>\n"
            + "        <Port>" + port + "</Port>\n"
            + "        <DomainRequired>off</DomainRequired>\n"
            + "        <LoginName>" + login + "</LoginName>\n"
            + "        <SPA>off</SPA>\n"
            + "        <SSL>on</SSL>\n"
            + "        <Encryption>SSL</Encryption>\n"
            + "        <AuthRequired>on</AuthRequired>\n"
            + "      </Protocol>\n";
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
