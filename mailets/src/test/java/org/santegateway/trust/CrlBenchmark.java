package org.santegateway.trust;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;

import org.bouncycastle.asn1.x509.CRLReason;
import org.santegateway.pki.RevocationPolicy;

/**
 * Cost of the CRL work on one thread (CPU time of that thread): the revocation check of an
 * operator's TLS chain (done at each MAIL FROM on the operators' port and at each relay
 * handshake) and a full re-read of a changed CRL file (parse and signature check), for a CRL of
 * {@code entries} revoked certificates. Not a test: run it by hand, pinned to one core:
 *
 * <pre>
 * mvn -q -pl mailets test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * cd mailets &amp;&amp; taskset -c 0 java -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *     org.santegateway.trust.CrlBenchmark [entries, default 10000] [seconds per measure, default 3]
 * </pre>
 */
public final class CrlBenchmark {
    private CrlBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        TestCa root = TestCa.root("CN=Bench Root, C=FR");
        TestCa intermediate = root.intermediate("CN=Bench Operators CA, C=FR");
        X509Certificate peer = intermediate.endEntity("CN=mx.bench.test, C=FR");
        X509CRL big = bigCrl(intermediate, entries, 0);
        // The same CRL number, issued a second later: another file content the reload accepts.
        X509CRL other = bigCrl(intermediate, entries, 1);
        X509CRL rootCrl = root.currentCrl(1);
        Path directory = Files.createTempDirectory("crl-bench");
        Path file = directory.resolve("operators.crl");
        TestCa.writePem(file, List.of(big));
        System.out.printf("CRL of %d entries, %d bytes PEM; %s %s%n", entries, Files.size(file), System.getProperty("java.vm.name"),
            System.getProperty("java.version"));

        MutableClock clock = new MutableClock(TestCa.NOW);
        List<X509CRL> inForce = List.of(rootCrl, big);
        OperatorCertificateRevocation revocation = new OperatorCertificateRevocation(RevocationPolicy.REQUIRE_CRL, List.of(root.certificate),
            List.of(), () -> inForce, clock);
        List<X509Certificate> chain = List.of(peer, intermediate.certificate);
        if (revocation.check(chain).outcome() != OperatorCertificateRevocation.Outcome.GOOD) {
            throw new IllegalStateException("the benchmark chain should be good");
        }
        ReloadingCrls crls = ReloadingCrls.load(List.of(file), List.of(root.certificate, intermediate.certificate), clock);

        measure("revocation check, chain seen before (cached verdict)", seconds, () -> revocation.check(chain));
        measure("revocation check, chain not seen before (PKIX + CRL)", seconds, () ->
            new OperatorCertificateRevocation(RevocationPolicy.REQUIRE_CRL, List.of(root.certificate), List.of(), () -> inForce, clock)
                .check(chain));
        byte[][] contents = {pem(big), pem(other)};
        int[] next = {0};
        measure("re-read of a changed file (read, parse, verify)", seconds, () -> {
            next[0] = 1 - next[0];
            try {
                Files.write(file, contents[next[0]]);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ReloadingCrls.Outcome outcome = crls.reload();
            if (!outcome.rejected().isEmpty() || !outcome.changed()) {
                throw new IllegalStateException("not taken: " + outcome.rejected());
            }
        });
        measure("poll of an unchanged file", seconds, crls::checkForChanges);
        measure("re-read of an unchanged file (WebAdmin reload)", seconds, crls::reload);
    }

    private static byte[] pem(X509CRL crl) throws java.io.IOException {
        Path temporary = Files.createTempFile("crl-bench", ".pem");
        TestCa.writePem(temporary, List.of(crl));
        byte[] content = Files.readAllBytes(temporary);
        Files.delete(temporary);
        return content;
    }

    private static X509CRL bigCrl(TestCa ca, int entries, int secondsLater) {
        // Distinct serials that the peer does not have.
        X509CRL template = ca.crl(TestCa.NOW.minus(Duration.ofHours(1)).plusSeconds(secondsLater), TestCa.NOW.plus(Duration.ofDays(3)), 1);
        try {
            org.bouncycastle.cert.X509v2CRLBuilder builder = new org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder(template);
            java.util.Date when = java.util.Date.from(TestCa.NOW.minus(Duration.ofDays(1)));
            LongStream.range(0, entries).forEach(i -> builder.addCRLEntry(java.math.BigInteger.valueOf(1_000_000_000L + i), when,
                CRLReason.keyCompromise));
            return new org.bouncycastle.cert.jcajce.JcaX509CRLConverter().getCRL(builder.build(
                new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(ca.keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void measure(String name, double seconds, Runnable operation) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmUpEnd = System.nanoTime() + (long) (seconds * 0.5e9);
        while (System.nanoTime() < warmUpEnd) {
            operation.run();
        }
        long count = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            operation.run();
            count++;
        }
        double cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        System.out.printf("%-52s %10.3f cpu ms/op %10.0f ops/cpu-s%n", name, cpuMillis / count, count / (cpuMillis / 1000));
    }
}
