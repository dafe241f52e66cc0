package org.santegateway.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.apache.james.modules.protocols.ImapGuiceProbe;
import org.apache.james.utils.DataProbeImpl;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.utils.WebAdminGuiceProbe;
import org.santegateway.server.GatewayServer;
import org.santegateway.server.GatewaySettings;
import org.santegateway.server.pki.dev.DevelopmentPki;

import com.google.inject.multibindings.Multibinder;

/**
 * The real gateway assembly for end-to-end tests: started from a copy of the project's
 * {@code config/} in which only listen addresses and ports are changed (loopback, ephemeral
 * ports, a free JMX port), with its own data directory. {@link #restart()} keeps the data.
 */
public final class GatewayTestServer implements AutoCloseable {
    private static final int FIXED_PORTS_FLOOR = 20000;
    /** RabbitMQ's distribution port, in that range; the suite starts RabbitMQ for the scale-out tests. */
    private static final Set<Integer> WELL_KNOWN_SERVICE_PORTS = Set.of(25672);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Every port {@link #freePort()} gave in this JVM: one chosen but not yet bound is free to a second choice. */
    private static final Set<Integer> GIVEN_PORTS = ConcurrentHashMap.newKeySet();
    private static final Path PROJECT_CONFIG = locateProjectConfig();

    private final GatewaySettings settings;
    private static final int START_ATTEMPTS = 3;

    private int jmxPort;
    private final java.util.List<Class<? extends GuiceProbe>> probes = new java.util.ArrayList<>(java.util.List.of(SmtpPortsProbe.class, ImapPortsProbe.class, org.santegateway.server.webmail.WebmailProbe.class,
        org.santegateway.server.fhir.ApplicationsHttpsProbe.class));
    private GuiceJamesServer server;

    private GatewayTestServer(GatewaySettings settings, int jmxPort) {
        this.settings = settings;
        this.jmxPort = jmxPort;
    }

    /** A configuration copy under {@code root/config} and an empty data directory {@code root/data}. */
    public static GatewayTestServer prepare(Path root) {
        Path config = root.resolve("config");
        int jmxPort = freePort();
        copyConfiguration(config, jmxPort, false);
        return new GatewayTestServer(new GatewaySettings(config, root.resolve("data")), jmxPort);
    }

    /**
     * Writes a test copy of the project configuration; with {@code fixedPorts}, listeners get free
     * fixed ports instead of ephemeral ones (for a gateway run in another process).
     */
    public static void copyConfiguration(Path target, int jmxPort, boolean fixedPorts) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(PROJECT_CONFIG)) {
                for (Path file : files.toList()) {
                    String content = Files.readString(file, StandardCharsets.UTF_8);
                    String name = file.getFileName().toString();
                    if (name.equals("smtpserver.xml") || name.equals("imapserver.xml")) {
                        content = rewriteBinds(content, fixedPorts);
                    } else if (name.equals("webadmin.properties")) {
                        content = content.replaceAll("(?m)^port=.*$", "port=" + (fixedPorts ? freePort() : 0));
                    } else if (name.equals("gateway.properties")) {
                        content = content.replaceAll("(?m)^webmail.bind=.*$", "webmail.bind=127.0.0.1")
                            .replaceAll("(?m)^webmail.port=.*$", "webmail.port=" + (fixedPorts ? freePort() : 0))
                            .replaceAll("(?m)^applications.https.bind=.*$", "applications.https.bind=127.0.0.1")
                            .replaceAll("(?m)^applications.https.port=.*$", "applications.https.port=" + (fixedPorts ? freePort() : 0));
                    } else if (name.equals("jmx.properties")) {
                        content = content.replaceAll("(?m)^jmx.port=.*$", "jmx.port=" + jmxPort);
                    }
                    Files.writeString(target.resolve(name), content, StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gives every fixed port of a configuration written with {@code fixedPorts} (listeners,
     * WebAdmin, webmail, JMX) another free port, leaving the rest of the files as they are.
     */
    public static void reassignFixedPorts(Path config) {
        try {
            for (String name : List.of("smtpserver.xml", "imapserver.xml")) {
                rewrite(config.resolve(name), "<bind>127\\.0\\.0\\.1:\\d+</bind>", () -> "<bind>127.0.0.1:" + freePort() + "</bind>");
            }
            rewrite(config.resolve("webadmin.properties"), "(?m)^port=\\d+$", () -> "port=" + freePort());
            rewrite(config.resolve("gateway.properties"), "(?m)^webmail.port=[1-9]\\d*$", () -> "webmail.port=" + freePort());
            rewrite(config.resolve("gateway.properties"), "(?m)^applications.https.port=[1-9]\\d*$", () -> "applications.https.port=" + freePort());
            rewrite(config.resolve("jmx.properties"), "(?m)^jmx.port=\\d+$", () -> "jmx.port=" + freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rewrite(Path file, String regex, java.util.function.Supplier<String> replacement) throws IOException {
        StringBuilder result = new StringBuilder();
        var matcher = java.util.regex.Pattern.compile(regex).matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (matcher.find()) {
            matcher.appendReplacement(result, replacement.get());
        }
        matcher.appendTail(result);
        Files.writeString(file, result.toString(), StandardCharsets.UTF_8);
    }

    private static String rewriteBinds(String content, boolean fixedPorts) {
        StringBuilder result = new StringBuilder();
        var matcher = java.util.regex.Pattern.compile("<bind>[^<]*</bind>").matcher(content);
        while (matcher.find()) {
            String port = fixedPorts ? String.valueOf(freePort()) : "0";
            matcher.appendReplacement(result, "<bind>127.0.0.1:" + port + "</bind>");
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /**
     * Installs a test CA (certificate and key, PEM) in the data directory before the first start, so
     * that the development PKI issues this gateway's certificates from it: gateways sharing a CA
     * trust each other (trust space tests).
     */
    public GatewayTestServer withCertificateAuthority(Path caCertificate, Path caPrivateKey) {
        try {
            Files.createDirectories(settings.certsDirectory());
            Files.copy(caCertificate, settings.certsDirectory().resolve(DevelopmentPki.CA_CERTIFICATE_FILE));
            Files.copy(caPrivateKey, settings.certsDirectory().resolve(DevelopmentPki.CA_PRIVATE_KEY_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Puts the gateway's database on {@code postgres} (its james-database.properties, as an operator writes it). */
    public GatewayTestServer onPostgres(PostgresServer postgres) {
        try {
            Files.writeString(settings.file("james-database.properties"),
                "database.driverClassName=org.postgresql.Driver\n"
                    + "database.url=" + postgres.jdbcUrl() + "\n"
                    + "database.username=" + postgres.username() + "\n"
                    + "database.password=" + postgres.password() + "\n",
                java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Adds a probe of a test's own, reachable with {@link #probe}. */
    public GatewayTestServer withProbe(Class<? extends GuiceProbe> probe) {
        probes.add(probe);
        return this;
    }

    public <T extends GuiceProbe> T probe(Class<T> probe) {
        return server.getProbe(probe);
    }

    /**
     * Starts the gateway. The JMX port is chosen before the start (James binds it itself), so
     * another process may take it meanwhile: on a port clash the start is tried again with another
     * JMX port, at most {@value #START_ATTEMPTS} times. A failed start is cleaned up so that it
     * does not break the next server started in this JVM.
     */
    public GatewayTestServer start() throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                server = GatewayServer.create(settings, GatewayServer.prepareStart(settings, Clock.systemUTC()))
                    .combineWith(binder -> probes.forEach(probe -> Multibinder.newSetBinder(binder, GuiceProbe.class).addBinding().to(probe)));
                server.start();
                return this;
            } catch (Exception e) {
                cleanUpFailedStart();
                if (attempt == START_ATTEMPTS || !isPortClash(e)) {
                    throw e;
                }
                jmxPort = freePort();
                Path jmx = settings.file("jmx.properties");
                Files.writeString(jmx, Files.readString(jmx, StandardCharsets.UTF_8)
                    .replaceAll("(?m)^jmx.port=.*$", "jmx.port=" + jmxPort), StandardCharsets.UTF_8);
            }
        }
    }

    private static boolean isPortClash(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // James's own bind, or the gateway's check of the ports before the start.
            if (cause instanceof java.net.BindException
                    || cause instanceof org.santegateway.server.startup.StartupFailure && String.valueOf(cause.getMessage()).contains("already in use")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stops what a failed start had started and removes the management beans it registered in the
     * platform MBean server (James registers them at construction and removes them only on a clean
     * stop): left there, they make every later start in this JVM fail.
     */
    private void cleanUpFailedStart() {
        if (server != null) {
            try {
                server.stop();
            } catch (RuntimeException e) {
                // Partly started: what remains is removed below.
            }
            server = null;
        }
        try {
            javax.management.MBeanServer beans = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            for (javax.management.ObjectName name : beans.queryNames(new javax.management.ObjectName("org.apache.james:*"), null)) {
                beans.unregisterMBean(name);
            }
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("management beans of a failed start cannot be removed", e);
        }
    }

    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public GatewayTestServer restart() throws Exception {
        stop();
        return start();
    }

    @Override
    public void close() {
        stop();
    }

    public GatewaySettings settings() {
        return settings;
    }

    public GuiceJamesServer james() {
        return server;
    }

    public DataProbeImpl data() {
        return server.getProbe(DataProbeImpl.class);
    }

    /** Listeners in the order of smtpserver.xml: operators, submission (STARTTLS), submissions (implicit TLS), applications. */
    public int operatorsSmtpPort() {
        return smtpPort(0);
    }

    public int submissionPort() {
        return smtpPort(1);
    }

    public int submissionsPort() {
        return smtpPort(2);
    }

    /** Submission for certified applications: implicit TLS with a client certificate, AUTH EXTERNAL. */
    public int applicationsSubmissionPort() {
        return smtpPort(3);
    }

    /** IMAP for certified applications: implicit TLS with a client certificate, AUTHENTICATE EXTERNAL. */
    public int applicationsImapPort() {
        return server.getProbe(ImapPortsProbe.class).port(2);
    }

    private int smtpPort(int index) {
        return server.getProbe(SmtpPortsProbe.class).port(index);
    }

    public int imapStartTlsPort() {
        return server.getProbe(ImapGuiceProbe.class).getImapStartTLSPort();
    }

    public int imapsPort() {
        return server.getProbe(ImapGuiceProbe.class).getImapSSLPort();
    }

    public int webAdminPort() {
        return server.getProbe(WebAdminGuiceProbe.class).getWebAdminPort().getValue();
    }

    /** The certified applications' HTTPS port (IHE MHD with a client certificate). */
    public int applicationsHttpsPort() {
        return server.getProbe(org.santegateway.server.fhir.ApplicationsHttpsProbe.class).port();
    }

    /** The patient webmail's HTTPS port. */
    public int webmailPort() {
        return server.getProbe(org.santegateway.server.webmail.WebmailProbe.class).port();
    }

    public int jmxPort() {
        return jmxPort;
    }

    public Path testCaCertificate() {
        return settings.certsDirectory().resolve(DevelopmentPki.CA_CERTIFICATE_FILE);
    }

    /**
     * A port free now, for a listener bound later (another process's fixed ports, JMX). It is taken below the
     * system's ephemeral range: a port of that range, free when chosen, may be given to any socket bound to port 0 or
     * connecting out before the listener binds it (a gateway started in between, a client), and the listener then
     * starts on other ports than those its peers were told. Nor is a port given twice in one JVM: the listener of the
     * first may not be bound yet when the second is chosen (a gateway process's eleven ports, chosen at once, then
     * started with two of them equal, comes up on new ones while its peers were told the old).
     */
    public static int freePort() {
        int ceiling = ephemeralRangeStart();
        for (int attempt = 0; attempt < 200 && ceiling > FIXED_PORTS_FLOOR + 1; attempt++) {
            int port = FIXED_PORTS_FLOOR + RANDOM.nextInt(ceiling - FIXED_PORTS_FLOOR);
            if (WELL_KNOWN_SERVICE_PORTS.contains(port) || GIVEN_PORTS.contains(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port)) {
                if (GIVEN_PORTS.add(port)) {
                    return socket.getLocalPort();
                }
            } catch (IOException taken) {
                // Another one.
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ephemeralRangeStart() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    private static Path locateProjectConfig() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            Path candidate = directory.resolve("config").resolve("smtpserver.xml");
            if (Files.exists(candidate)) {
                return candidate.getParent();
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("The project's config/ directory was not found above " + Path.of("").toAbsolutePath());
    }
}
