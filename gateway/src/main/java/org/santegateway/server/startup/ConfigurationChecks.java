package org.santegateway.server.startup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.james.core.Domain;
import org.santegateway.server.GatewaySettings;
import org.santegateway.pki.PemFiles;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Checks the configuration before James starts, so that a mistake stops startup with one line
 * naming the file and the setting rather than a wall of Guice stack traces: malformed XML, TLS
 * material that is missing, unreadable or expired, a listener port already in use, an admin
 * interface that is not on loopback or not authenticated, an invalid default domain, an SMTP
 * listener that takes mail without authentication outside the operators' port. The settings of
 * {@code gateway.properties} are checked by their own classes, from {@code GatewayProperties}.
 */
public final class ConfigurationChecks {
    static final List<String> PROTOCOL_FILES = List.of("smtpserver.xml", "imapserver.xml");
    static final String OPERATOR_SENDER_HOOK = "org.santegateway.smtp.OperatorSenderHook";
    static final String AUTHENTICATION_REQUIRED_HOOK = "org.santegateway.smtp.AuthenticationRequiredHook";

    private final GatewaySettings settings;
    private final ConfigurationFiles files;
    private final Clock clock;

    public ConfigurationChecks(GatewaySettings settings, Clock clock) {
        this.settings = settings;
        this.files = new ConfigurationFiles(settings);
        this.clock = clock;
    }

    /** Checks that need no generated material: run before first-start generation. */
    public void checkSyntax() {
        if (!Files.isDirectory(settings.configDirectory())) {
            throw new StartupFailure(settings.configDirectory() + ": configuration directory does not exist (set "
                + GatewaySettings.CONFIG_PROPERTY + " or " + GatewaySettings.CONFIG_ENV + ")");
        }
        files.xmlFileNames().forEach(files::xml);
        checkDefaultDomain();
        checkSmtpListeners();
        checkJmx();
        checkWebAdmin();
    }

    /** Checks of the files the listeners will open, and of their ports: run last, just before start. */
    public void checkResources() {
        tlsMaterial().forEach(this::checkTlsFile);
        checkPortsAreFree();
    }

    /** Every TLS file named by an enabled listener of smtpserver.xml and imapserver.xml. */
    public List<TlsMaterial> tlsMaterial() {
        List<TlsMaterial> result = new ArrayList<>();
        for (String fileName : PROTOCOL_FILES) {
            List<Element> servers = servers(fileName);
            for (int i = 0; i < servers.size(); i++) {
                Element server = servers.get(i);
                String serverName = server.getTagName() + "[" + (i + 1) + "]";
                Optional<Element> tls = ConfigurationFiles.child(server, "tls");
                if (tls.isEmpty() || !usesTls(tls.get())) {
                    continue;
                }
                for (String key : List.of("privateKey", "certificates", "keystore")) {
                    Optional<String> location = ConfigurationFiles.text(tls.get(), key);
                    if (location.isPresent()) {
                        String setting = serverName + ".tls." + key;
                        JamesLocations.resolve(settings, location.get())
                            .ifPresent(path -> result.add(new TlsMaterial(fileName, setting, location.get(), path)));
                    }
                }
                if (ConfigurationFiles.text(tls.get(), "keystore").isEmpty()
                    && (ConfigurationFiles.text(tls.get(), "privateKey").isEmpty()
                        || ConfigurationFiles.text(tls.get(), "certificates").isEmpty())) {
                    throw StartupFailure.of(fileName, serverName + ".tls",
                        "TLS is enabled but <privateKey> and <certificates> are not both set");
                }
            }
        }
        return result;
    }

    private void checkTlsFile(TlsMaterial material) {
        Path path = material.path();
        if (!Files.exists(path)) {
            throw StartupFailure.of(material.configFile(), material.setting(), "file " + path + " does not exist");
        }
        if (!Files.isReadable(path)) {
            throw StartupFailure.of(material.configFile(), material.setting(), "file " + path + " is not readable");
        }
        if (material.setting().endsWith(".certificates")) {
            checkCertificates(material);
        } else if (material.setting().endsWith(".privateKey")) {
            try {
                PemFiles.privateKey(path);
            } catch (IOException | RuntimeException e) {
                throw StartupFailure.of(material.configFile(), material.setting(),
                    "file " + path + " is not an unencrypted PEM private key (" + e.getMessage() + ")");
            }
        }
    }

    private void checkCertificates(TlsMaterial material) {
        List<X509Certificate> chain;
        try {
            chain = PemFiles.certificates(material.path());
        } catch (IOException | RuntimeException e) {
            throw StartupFailure.of(material.configFile(), material.setting(),
                "file " + material.path() + " is not a PEM certificate chain (" + e.getMessage() + ")");
        }
        if (chain.isEmpty()) {
            throw StartupFailure.of(material.configFile(), material.setting(),
                "file " + material.path() + " holds no certificate");
        }
        X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            throw StartupFailure.of(material.configFile(), material.setting(),
                "certificate " + leaf.getSubjectX500Principal().getName() + " expired on " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw StartupFailure.of(material.configFile(), material.setting(),
                "certificate " + leaf.getSubjectX500Principal().getName() + " is not valid before " + leaf.getNotBefore().toInstant());
        }
    }

    private void checkPortsAreFree() {
        for (String fileName : PROTOCOL_FILES) {
            List<Element> servers = servers(fileName);
            for (int i = 0; i < servers.size(); i++) {
                String setting = servers.get(i).getTagName() + "[" + (i + 1) + "].bind";
                for (String bind : ConfigurationFiles.text(servers.get(i), "bind").orElse("").split(",")) {
                    if (!bind.isBlank()) {
                        checkPortIsFree(fileName, setting, bind.trim());
                    }
                }
            }
        }
        files.properties("webadmin.properties")
            .filter(properties -> Boolean.parseBoolean(properties.getProperty("enabled", "false")))
            .ifPresent(properties -> checkPortIsFree("webadmin.properties", "port",
                properties.getProperty("host", "127.0.0.1") + ":" + properties.getProperty("port", "8000")));
        files.properties("jmx.properties")
            .filter(properties -> Boolean.parseBoolean(properties.getProperty("jmx.enabled", "true")))
            .ifPresent(properties -> checkPortIsFree("jmx.properties", "jmx.port",
                properties.getProperty("jmx.address", "127.0.0.1") + ":" + properties.getProperty("jmx.port", "9999")));
    }

    private static void checkPortIsFree(String fileName, String setting, String hostAndPort) {
        int separator = hostAndPort.lastIndexOf(':');
        if (separator < 0) {
            throw StartupFailure.of(fileName, setting, "'" + hostAndPort + "' is not host:port");
        }
        String host = hostAndPort.substring(0, separator);
        int port;
        try {
            port = Integer.parseInt(hostAndPort.substring(separator + 1).trim());
        } catch (NumberFormatException e) {
            throw StartupFailure.of(fileName, setting, "'" + hostAndPort + "' has no valid port number");
        }
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw StartupFailure.of(fileName, setting, "port " + port + " on " + host + " is already in use or cannot be bound ("
                + e.getMessage() + ")");
        }
    }

    private void checkDefaultDomain() {
        files.xml("domainlist.xml")
            .flatMap(document -> ConfigurationFiles.text(document.getDocumentElement(), "defaultDomain"))
            .ifPresent(domain -> {
                try {
                    Domain.of(domain);
                } catch (IllegalArgumentException e) {
                    throw StartupFailure.of("domainlist.xml", "defaultDomain", "'" + domain + "' is not a valid domain ("
                        + e.getMessage() + ")");
                }
            });
    }

    /**
     * Every SMTP listener is either the operators' port (a client certificate required, the trust
     * list checked, no AUTH) or a submission port (no transaction without AUTH): a listener that
     * is neither would take mail from anyone for local mailboxes.
     */
    private void checkSmtpListeners() {
        List<Element> servers = servers("smtpserver.xml");
        for (int i = 0; i < servers.size(); i++) {
            Element server = servers.get(i);
            String setting = "smtpserver[" + (i + 1) + "].handlerchain";
            List<String> handlers = ConfigurationFiles.child(server, "handlerchain")
                .map(chain -> ConfigurationFiles.children(chain, "handler"))
                .orElse(List.of())
                .stream()
                .map(handler -> handler.getAttribute("class").trim())
                .toList();
            boolean mutualTls = ConfigurationFiles.child(server, "tls")
                .flatMap(tls -> ConfigurationFiles.child(tls, "clientAuth"))
                .isPresent();
            boolean operators = mutualTls && handlers.contains(OPERATOR_SENDER_HOOK);
            if (!operators && !handlers.contains(AUTHENTICATION_REQUIRED_HOOK)) {
                throw StartupFailure.of("smtpserver.xml", setting, "a listener that is not the operators' port (client"
                    + " certificate and " + OPERATOR_SENDER_HOOK + ") must require authentication: add <handler class=\""
                    + AUTHENTICATION_REQUIRED_HOOK + "\"/>");
            }
        }
    }

    private void checkJmx() {
        files.properties("jmx.properties")
            .filter(properties -> Boolean.parseBoolean(properties.getProperty("jmx.enabled", "true")))
            .ifPresent(properties -> requireLoopback("jmx.properties", "jmx.address",
                properties.getProperty("jmx.address", "127.0.0.1")));
    }

    private void checkWebAdmin() {
        Optional<Properties> webadmin = files.properties("webadmin.properties")
            .filter(properties -> Boolean.parseBoolean(properties.getProperty("enabled", "false")));
        webadmin.ifPresent(properties -> {
            requireLoopback("webadmin.properties", "host", properties.getProperty("host", "localhost"));
            if (!Boolean.parseBoolean(properties.getProperty("jwt.enabled", "false"))) {
                throw StartupFailure.of("webadmin.properties", "jwt.enabled",
                    "WebAdmin must require authentication: set jwt.enabled=true");
            }
            if ("*".equals(properties.getProperty("cors.origin", "*").trim())) {
                throw StartupFailure.of("webadmin.properties", "cors.origin",
                    "a wildcard (or missing) CORS origin lets any web page call WebAdmin: name the one allowed origin");
            }
        });
    }

    private static void requireLoopback(String fileName, String setting, String host) {
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw StartupFailure.of(fileName, setting, "'" + host + "' is not a loopback address: admin interfaces listen on loopback only");
            }
        } catch (UnknownHostException e) {
            throw StartupFailure.of(fileName, setting, "'" + host + "' cannot be resolved");
        }
    }

    private List<Element> servers(String fileName) {
        return files.xml(fileName)
            .map(Document::getDocumentElement)
            .map(root -> ConfigurationFiles.children(root, root.getTagName().replaceAll("s$", "")))
            .orElse(List.of())
            .stream()
            .filter(server -> !"false".equalsIgnoreCase(server.getAttribute("enabled")))
            .toList();
    }

    private static boolean usesTls(Element tls) {
        return "true".equalsIgnoreCase(tls.getAttribute("socketTLS")) || "true".equalsIgnoreCase(tls.getAttribute("startTLS"));
    }
}
