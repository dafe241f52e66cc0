package org.santegateway.server.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.santegateway.server.GatewaySettings;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority;
import org.santegateway.server.pki.dev.DevelopmentCertificateAuthority.Purpose;
import org.santegateway.server.testing.GatewayProcess;
import org.santegateway.server.testing.GatewayTestServer;

/**
 * The secure relay between two operators, end to end: gateway A (its own process) takes professionals' mail on its
 * submission port and relays it to gateway B (another process) over the operators' port, mutual TLS, signed with A's
 * domain certificate and encrypted for B's; B checks the trust list, decrypts, verifies and delivers into the mailbox.
 * The load client (this JVM) sends N messages of S bytes over C authenticated STARTTLS sessions to A and counts them
 * in B's mailbox over IMAPS ({@link SmtpLoadBenchmark}); the CPU of each gateway process is read from {@code /proc}.
 * Not a test: run it by hand, on an otherwise idle machine.
 *
 * <pre>
 * mvn -B -q -pl gateway test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp gateway/target/test-classes:gateway/target/classes:mailets/target/classes:$(cat /tmp/cp.txt) \
 *     org.santegateway.server.bench.SecureRelayBenchmark DIR [messages 400] [size 102400] [sessions 4] [warm-up 300] [rounds 3]
 * </pre>
 * Compare the CPU per message of each side with the S/MIME work alone ({@code SmimeBenchmark} in the mailets module).
 */
public final class SecureRelayBenchmark {
    private static final String DOMAIN_A = "emetteur.test";
    private static final String DOMAIN_B = "destinataire.test";
    private static final String OPERATOR_A = "CN=mx." + DOMAIN_A + ", OU=MSSante operator, O=" + DevelopmentCertificateAuthority.ORGANIZATION + ", C=FR";
    private static final String OPERATOR_B = "CN=mx." + DOMAIN_B + ", OU=MSSante operator, O=" + DevelopmentCertificateAuthority.ORGANIZATION + ", C=FR";
    private static final String SENDER = "dr.envoi@" + DOMAIN_A;
    private static final String RECIPIENT = "dr.reception@" + DOMAIN_B;
    private static final String PASSWORD = "a long benchmark password";
    private static final long CLOCK_TICKS = 100;

    private SecureRelayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 102_400;
        int sessions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 300;
        int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 3;

        Path caDirectory = Files.createDirectories(root.resolve("ca"));
        DevelopmentCertificateAuthority ca = DevelopmentCertificateAuthority.create(Clock.systemUTC());
        Path caCertificate = caDirectory.resolve("test-ca.pem");
        Path caKey = caDirectory.resolve("test-ca.key");
        ca.writeTo(caCertificate, caKey);

        GatewaySettings a = prepare(root.resolve("a"), caCertificate, caKey);
        GatewaySettings b = prepare(root.resolve("b"), caCertificate, caKey);
        Path certificateOfA = domainCertificate(ca, a, DOMAIN_A);
        Path certificateOfB = domainCertificate(ca, b, DOMAIN_B);
        configure(a, OPERATOR_A, DOMAIN_A, "smime.certificate." + DOMAIN_B + "=" + certificateOfB + "\n"
            + "relay.routes=" + DOMAIN_B + "=localhost:" + GatewayProcess.bindPort(b, "smtpserver.xml", 0) + "\n");
        configure(b, OPERATOR_B, DOMAIN_B, "smime.certificate." + DOMAIN_A + "=" + certificateOfA + "\n"
            + "relay.routes=" + DOMAIN_A + "=localhost:" + GatewayProcess.bindPort(a, "smtpserver.xml", 0) + "\n");

        try (GatewayProcess gatewayA = GatewayProcess.start(a, root.resolve("a.out"));
             GatewayProcess gatewayB = GatewayProcess.start(b, root.resolve("b.out"))) {
            check(GatewayProcess.cli(a, "AddDomain", DOMAIN_A));
            check(GatewayProcess.cli(a, "AddUser", SENDER, PASSWORD));
            check(GatewayProcess.cli(b, "AddDomain", DOMAIN_B));
            check(GatewayProcess.cli(b, "AddUser", RECIPIENT, PASSWORD));
            String[] load = {"--smtp-port", String.valueOf(GatewayProcess.bindPort(a, "smtpserver.xml", 1)),
                "--imaps-port", String.valueOf(GatewayProcess.bindPort(b, "imapserver.xml", 1)),
                "--ca", caCertificate.toString(), "--user", SENDER, "--password", PASSWORD, "--recipient", RECIPIENT,
                "--sessions", String.valueOf(sessions), "--size", String.valueOf(size),
                "--pid", gatewayA.pid() + "," + gatewayB.pid(), "--timeout-s", "900"};
            if (warmUp > 0) {
                System.out.println("Warm-up: " + warmUp + " messages (not counted)");
                SmtpLoadBenchmark.main(withMessages(load, warmUp));
            }
            ProcessTreeCpu cpuA = new ProcessTreeCpu(List.of(gatewayA.pid()), CLOCK_TICKS);
            ProcessTreeCpu cpuB = new ProcessTreeCpu(List.of(gatewayB.pid()), CLOCK_TICKS);
            for (int round = 1; round <= rounds; round++) {
                long startA = cpuA.millis();
                long startB = cpuB.millis();
                Map<Long, Long> compilerA = ProcessTreeCpu.compilerTicks(gatewayA.pid());
                Map<Long, Long> compilerB = ProcessTreeCpu.compilerTicks(gatewayB.pid());
                SmtpLoadBenchmark.main(withMessages(load, messages));
                long usedA = cpuA.millis() - startA;
                long usedB = cpuB.millis() - startB;
                System.out.printf(Locale.ROOT, "Round %d: CPU per message: sender A %.1f ms, receiver B %.1f ms"
                        + " (of which the JIT compiler at least: A %.0f %%, B %.0f %%)%n", round,
                    (double) usedA / messages, (double) usedB / messages,
                    100.0 * cpuA.compilerMillisSince(gatewayA.pid(), compilerA) / Math.max(1, usedA),
                    100.0 * cpuB.compilerMillisSince(gatewayB.pid(), compilerB) / Math.max(1, usedB));
            }
            // Every message reached B's mailbox (the load client waits for all of them): none was quarantined.
            System.out.println("Done");
        }
    }

    private static GatewaySettings prepare(Path directory, Path caCertificate, Path caKey) throws IOException {
        GatewaySettings settings = new GatewaySettings(directory.resolve("config"), directory.resolve("data"));
        GatewayTestServer.copyConfiguration(settings.configDirectory(), GatewayTestServer.freePort(), true);
        Files.createDirectories(settings.certsDirectory());
        Files.copy(caCertificate, settings.certsDirectory().resolve("test-ca.pem"));
        Files.copy(caKey, settings.certsDirectory().resolve("test-ca.key"));
        return settings;
    }

    /** The domain's S/MIME certificate, issued before the start so that the other gateway can be told of it. */
    private static Path domainCertificate(DevelopmentCertificateAuthority ca, GatewaySettings settings, String domain) throws IOException {
        Path smime = Files.createDirectories(settings.certsDirectory().resolve("smime"));
        Path certificate = smime.resolve(domain + ".pem");
        ca.issueEndEntity("CN=" + domain + ", OU=MSSante domain, O=" + DevelopmentCertificateAuthority.ORGANIZATION + ", C=FR", List.of(),
            List.of(), Duration.ofDays(825), EnumSet.of(Purpose.EMAIL_PROTECTION)).writeTo(certificate, smime.resolve(domain + ".key"));
        return certificate;
    }

    private static void configure(GatewaySettings settings, String operator, String domain, String extra) throws IOException {
        Files.writeString(settings.file("gateway.properties"), "\noperator.certificate.subject=" + operator + "\n"
            + "smime.domains=" + domain + "\n"
            + "postmaster.address=postmaster@" + domain + "\n"
            + "trust.local.a=" + DOMAIN_A + " " + OPERATOR_A + "\n"
            + "trust.local.b=" + DOMAIN_B + " " + OPERATOR_B + "\n"
            + extra, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private static String[] withMessages(String[] load, int messages) {
        String[] arguments = Arrays.copyOf(load, load.length + 2);
        arguments[load.length] = "--messages";
        arguments[load.length + 1] = String.valueOf(messages);
        return arguments;
    }

    private static void check(int status) {
        if (status != 0) {
            throw new IllegalStateException("The James CLI failed (" + status + ")");
        }
    }
}
