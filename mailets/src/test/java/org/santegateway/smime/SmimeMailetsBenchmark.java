package org.santegateway.smime;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.santegateway.audit.OutcomeRecorder;
import org.santegateway.mailets.ProtectSmime;
import org.santegateway.mailets.SmimeKeyring;
import org.santegateway.mailets.UnwrapSmime;
import org.santegateway.smime.certificates.DecryptionKeyLookup;
import org.santegateway.smime.certificates.DecryptionKeys;
import org.santegateway.smime.certificates.PemCertificateDirectory;
import org.santegateway.smime.certificates.SigningIdentity;
import org.santegateway.smime.mime.MessageEntity;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Throughput of the S/MIME <i>mailets</i> (what the gateway runs per message: {@link ProtectSmime}
 * sign + encrypt, {@link UnwrapSmime} decrypt + verify + PKIX path + CRL, with their detection,
 * audit event, counter and headers) on one thread, for a 100 KB message and RSA 2048 keys, next to
 * Bouncy Castle's raw CMS operations on the same content in the same run (the ceiling; see
 * {@link SmimeBenchmark} for the engine alone). Figures are per CPU-second of the measuring
 * thread. Not a test: run it by hand, pinned to one core:
 *
 * <pre>
 * mvn -q -pl mailets test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * cd mailets &amp;&amp; taskset -c 0 java -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *     org.santegateway.smime.SmimeMailetsBenchmark [seconds per measure, default 3] [rounds, default 3]
 * </pre>
 */
public final class SmimeMailetsBenchmark {
    private static final int MESSAGE_BYTES = 100 * 1024;

    private SmimeMailetsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        TestPki pki = TestPki.get();
        MimeMessage message = TestMessages.parse(message());
        byte[] entity = entity(message);
        System.out.printf("message %d bytes, RSA 2048, AES-256-GCM + RSA-OAEP, %s %s%n", TestMessages.bytes(message).length,
            System.getProperty("java.vm.name"), System.getProperty("java.version"));

        FakeMailContext context = FakeMailContext.builder().postmaster(new MailAddress("postmaster@hopital-a.fr")).build();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProtectSmime protect = new ProtectSmime(new SmimeOutbound(Clock.systemUTC()),
            PemCertificateDirectory.of(Map.of("operateur-b.fr", pki.bob.certificate()), Clock.systemUTC(), 10),
            keyring("hopital-a.fr", pki.alice, pki), new OutcomeRecorder(event -> { }, meters, Clock.systemUTC()));
        protect.init(FakeMailetConfig.builder().mailetName("ProtectSmime").mailetContext(context).build());
        UnwrapSmime unwrap = new UnwrapSmime(new SmimeInbound(pki.trust(), Clock.systemUTC()), keyring("operateur-b.fr", pki.bob, pki),
            PemCertificateDirectory.of(Map.of(), Clock.systemUTC(), 10), SignerMatch.DEFAULT, new OutcomeRecorder(event -> { }, meters, Clock.systemUTC()));
        unwrap.init(FakeMailetConfig.builder().mailetName("UnwrapSmime").mailetContext(context).build());

        FakeMail sample = mail(message);
        protect.service(sample);
        MimeMessage protectedMessage = TestMessages.reparse(sample.getMessage());
        byte[] rawJdk = SmimeBenchmark.rawSignAndEncrypt(entity, pki, null);
        byte[] rawBc = SmimeBenchmark.rawSignAndEncrypt(entity, pki, RawCms.BC);

        List<Measure> measures = List.of(
            new Measure("mailet ProtectSmime: sign + encrypt", () -> {
                FakeMail mail = mail(message);
                protect.service(mail);
                if (!"relay".equals(mail.getState())) {
                    throw new IllegalStateException("not protected");
                }
            }),
            new Measure("raw BC CMS, JDK primitives: sign + encrypt", () -> SmimeBenchmark.rawSignAndEncrypt(entity, pki, null)),
            new Measure("raw BC CMS, BC provider: sign + encrypt", () -> SmimeBenchmark.rawSignAndEncrypt(entity, pki, RawCms.BC)),
            new Measure("mailet UnwrapSmime: decrypt + verify + path + CRL", () -> {
                FakeMail mail = mail(protectedMessage);
                unwrap.service(mail);
                if (!"relay".equals(mail.getState())) {
                    throw new IllegalStateException("not opened: " + mail.getErrorMessage());
                }
            }),
            new Measure("raw BC CMS, JDK primitives: decrypt + verify", () -> SmimeBenchmark.rawDecryptAndVerify(rawJdk, pki, null)),
            new Measure("raw BC CMS, BC provider: decrypt + verify", () -> SmimeBenchmark.rawDecryptAndVerify(rawBc, pki, RawCms.BC)));
        for (int round = 1; round <= rounds; round++) {
            for (Measure measure : measures) {
                measure.run(seconds);
            }
        }
        System.out.printf("%-52s %10s %10s %12s%n", "operation (best of " + rounds + " rounds)", "ops/cpu-s", "cpu ms/op", "wall ops/s");
        for (Measure measure : measures) {
            measure.print();
        }
    }

    private static FakeMail mail(MimeMessage message) throws Exception {
        return FakeMail.builder().name("bench").sender("alice@hopital-a.fr").recipient("bob@operateur-b.fr").mimeMessage(message)
            .state("relay").build();
    }

    private static SmimeKeyring keyring(String domain, TestPki.Issued holder, TestPki pki) {
        DecryptionKeys keys = pki.keysOf(holder);
        return new SmimeKeyring() {
            @Override
            public Optional<SigningIdentity> signerFor(MailAddress sender) {
                return sender.getDomain().asString().equals(domain) ? Optional.of(holder.signingIdentity()) : Optional.empty();
            }

            @Override
            public Optional<SigningIdentity> gatewaySigner() {
                return Optional.of(holder.signingIdentity());
            }

            @Override
            public DecryptionKeyLookup decryptionKeys() {
                return keys;
            }
        };
    }

    private interface Operation {
        void run() throws Exception;
    }

    private static final class Measure {
        private final String name;
        private final Operation operation;
        private final List<Double> cpuMillisPerOp = new ArrayList<>();
        private final List<Double> wallOpsPerSecond = new ArrayList<>();

        Measure(String name, Operation operation) {
            this.name = name;
            this.operation = operation;
        }

        void run(double seconds) throws Exception {
            long warmUpEnd = System.nanoTime() + (long) (seconds * 0.5e9);
            while (System.nanoTime() < warmUpEnd) {
                operation.run();
            }
            var threads = ManagementFactory.getThreadMXBean();
            long cpuBefore = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            int count = 0;
            long now;
            do {
                operation.run();
                count++;
                now = System.nanoTime();
            } while (now < end);
            cpuMillisPerOp.add((threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6 / count);
            wallOpsPerSecond.add(count / ((now - start) / 1e9));
        }

        void print() {
            double bestCpu = cpuMillisPerOp.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double bestWall = wallOpsPerSecond.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            System.out.printf("%-52s %10.1f %10.2f %12.1f%n", name, 1000 / bestCpu, bestCpu, bestWall);
        }
    }

    private static String message() {
        byte[] attachment = new byte[(MESSAGE_BYTES - 1024) * 3 / 4];
        new Random(1).nextBytes(attachment);
        return "From: alice@hopital-a.fr\r\nTo: bob@operateur-b.fr\r\nSubject: Compte rendu\r\nMessage-ID: <bench@hopital-a.fr>\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            + "Bonjour,\r\n\r\nVoici le compte rendu.\r\n--b\r\nContent-Type: application/pdf; name=cr.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(attachment) + "\r\n--b--\r\n";
    }

    private static byte[] entity(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageEntity.forSigning(message).writeTo(out);
        return out.toString(StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
    }
}
