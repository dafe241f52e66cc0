package org.santegateway.smime;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import javax.mail.internet.MimeMessage;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransAuthEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.smime.certificates.DecryptionKeys;
import org.santegateway.smime.cms.JcaProviders;
import org.santegateway.smime.cms.JdkContentEncryptor;
import org.santegateway.smime.cms.JdkKeyTransRecipient;
import org.santegateway.smime.mime.MessageEntity;

/**
 * Throughput of the S/MIME engine on one thread (CPU time of that thread, so that other work on
 * the machine does not skew the figures; wall-clock rate shown too), for a 100 KB message and RSA 2048 keys, next to
 * Bouncy Castle's raw CMS operations on the same bytes (no MIME handling, no certificate path, no
 * CRL: the ceiling), with the JDK primitives and with Bouncy Castle's own provider. Not a test:
 * run it by hand, pinned to one core:
 *
 * <pre>
 * mvn -q -pl mailets test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
 * cd mailets &amp;&amp; taskset -c 0 java -cp target/test-classes:target/classes:$(cat target/test.classpath) \
 *     org.santegateway.smime.SmimeBenchmark [seconds per measure, default 3] [rounds, default 3]
 * </pre>
 */
public final class SmimeBenchmark {
    private static final int MESSAGE_BYTES = 100 * 1024;

    private SmimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        TestPki pki = TestPki.get();
        MimeMessage message = TestMessages.parse(message());
        byte[] entity = entity(message);
        System.out.printf("message %d bytes (entity %d bytes), RSA %d, %s %s, %d core(s) visible%n", TestMessages.bytes(message).length,
            entity.length, 2048, System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        SmimeOutbound outbound = new SmimeOutbound(Clock.systemUTC());
        SmimeInbound inbound = new SmimeInbound(pki.trust(), Clock.systemUTC());
        SmimeInbound inboundWithoutCrl = new SmimeInbound(pki.trustWithCrls(List.of(), RevocationPolicy.NONE), Clock.systemUTC());
        DecryptionKeys keys = pki.keysOf(pki.bob);
        MimeMessage protectedMessage = TestMessages.reparse(outbound.signAndEncrypt(message, pki.alice.signingIdentity(), List.of(pki.bob.recipient())));
        Provider bc = RawCms.BC;

        byte[] rawJdk = rawSignAndEncrypt(entity, pki, null);
        byte[] rawBc = rawSignAndEncrypt(entity, pki, bc);
        check(rawDecryptAndVerify(rawJdk, pki, null), entity);
        check(rawDecryptAndVerify(rawBc, pki, bc), entity);

        List<Measure> measures = List.of(
            new Measure("ours: signAndEncrypt (MIME in, MIME out)",
                () -> outbound.signAndEncrypt(message, pki.alice.signingIdentity(), List.of(pki.bob.recipient()))),
            new Measure("raw BC CMS, JDK primitives: sign + encrypt", () -> rawSignAndEncrypt(entity, pki, null)),
            new Measure("raw BC CMS, BC provider: sign + encrypt", () -> rawSignAndEncrypt(entity, pki, bc)),
            new Measure("ours: unwrap = decrypt + verify + PKIX path + CRL", () -> requireUnwrapped(inbound.unwrap(protectedMessage, keys))),
            new Measure("ours: unwrap, revocation not checked", () -> requireUnwrapped(inboundWithoutCrl.unwrap(protectedMessage, keys))),
            new Measure("raw BC CMS, JDK primitives: decrypt + verify (no path)", () -> rawDecryptAndVerify(rawJdk, pki, null)),
            new Measure("raw BC CMS, BC provider: decrypt + verify (no path)", () -> rawDecryptAndVerify(rawBc, pki, bc)));
        // Rounds interleave the measures so that a burst of load elsewhere on the machine does not hit one of them only.
        for (int round = 1; round <= rounds; round++) {
            for (Measure measure : measures) {
                measure.run(seconds);
            }
            System.out.printf("round %d/%d done%n", round, rounds);
        }
        System.out.println();
        // CPU time of the measuring thread is the figure: wall-clock rates depend on what else runs on the machine.
        System.out.printf("%-58s %10s %10s %12s %12s%n", "operation (best of " + rounds + " rounds)", "ops/cpu-s", "cpu ms/op",
            "wall ops/s", "alloc KB/op");
        for (Measure measure : measures) {
            measure.print();
        }
    }

    private static final class Measure {
        private final String name;
        private final Operation operation;
        private final List<Double> opsPerSecond = new java.util.ArrayList<>();
        private final List<Double> cpuMillisPerOp = new java.util.ArrayList<>();
        private double allocatedPerOp;

        Measure(String name, Operation operation) {
            this.name = name;
            this.operation = operation;
        }

        void run(double seconds) throws Exception {
            long warmUpEnd = System.nanoTime() + (long) (seconds * 0.5e9);
            while (System.nanoTime() < warmUpEnd) {
                operation.run();
            }
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
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
            allocatedPerOp = (threads.getCurrentThreadAllocatedBytes() - allocatedBefore) / 1024.0 / count;
            opsPerSecond.add(count / ((now - start) / 1e9));
        }

        void print() {
            double bestWall = opsPerSecond.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double bestCpu = cpuMillisPerOp.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            System.out.printf("%-58s %10.1f %10.2f %12.1f %12.0f%n", name, 1000 / bestCpu, bestCpu, bestWall, allocatedPerOp);
        }
    }

    private interface Operation {
        Object run() throws Exception;
    }

    private static Object requireUnwrapped(SmimeResult result) {
        if (!(result instanceof SmimeResult.Unwrapped unwrapped) || unwrapped.layers().size() != 2) {
            throw new IllegalStateException("benchmark message not opened: " + result);
        }
        return result;
    }

    /** Detached signature over the entity, then AuthEnvelopedData AES-256-GCM / RSA-OAEP-SHA-256 of the entity: the CMS work only. */
    static byte[] rawSignAndEncrypt(byte[] entity, TestPki pki, Provider provider) throws Exception {
        JcaDigestCalculatorProviderBuilder digests = new JcaDigestCalculatorProviderBuilder();
        JcaContentSignerBuilder signer = new JcaContentSignerBuilder("SHA256withRSA");
        if (provider != null) {
            digests.setProvider(provider);
            signer.setProvider(provider);
        }
        CMSSignedDataGenerator signatures = new CMSSignedDataGenerator();
        signatures.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(digests.build()).build(signer.build(pki.alice.privateKey()),
            pki.alice.certificate()));
        signatures.addCertificates(new JcaCertStore(List.of(pki.alice.certificate())));
        byte[] signature = signatures.generate(new CMSProcessableByteArray(entity), false).getEncoded();

        CMSAuthEnvelopedDataGenerator envelopes = new CMSAuthEnvelopedDataGenerator();
        JceKeyTransRecipientInfoGenerator recipient = new JceKeyTransRecipientInfoGenerator(pki.bob.certificate(), oaepSha256());
        OutputAEADEncryptor encryptor;
        if (provider != null) {
            recipient.setProvider(provider);
            encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM).setProvider(provider).build();
        } else {
            recipient.setProvider(JcaProviders.CIPHERS);
            encryptor = JdkContentEncryptor.aes256Gcm(new SecureRandom());
        }
        envelopes.addRecipientInfoGenerator(recipient);
        byte[] envelope = envelopes.generate(new CMSProcessableByteArray(entity), encryptor).getEncoded();
        return concat(signature, envelope);
    }

    static byte[] rawDecryptAndVerify(byte[] signatureAndEnvelope, TestPki pki, Provider provider) throws Exception {
        int signatureLength = ((signatureAndEnvelope[0] & 0xff) << 24) | ((signatureAndEnvelope[1] & 0xff) << 16)
            | ((signatureAndEnvelope[2] & 0xff) << 8) | (signatureAndEnvelope[3] & 0xff);
        byte[] signature = java.util.Arrays.copyOfRange(signatureAndEnvelope, 4, 4 + signatureLength);
        byte[] envelope = java.util.Arrays.copyOfRange(signatureAndEnvelope, 4 + signatureLength, signatureAndEnvelope.length);
        CMSAuthEnvelopedData data = new CMSAuthEnvelopedData(envelope);
        RecipientInformation recipient = data.getRecipientInfos().getRecipients().iterator().next();
        byte[] content = provider != null
            ? recipient.getContent(new JceKeyTransAuthEnvelopedRecipient(pki.bob.privateKey()).setProvider(provider))
            : readAll(recipient.getContentStream(new JdkKeyTransRecipient(pki.bob.privateKey(), new SecureRandom())).getContentStream());
        CMSSignedData signed = new CMSSignedData(new CMSProcessableByteArray(content), signature);
        SignerInformation signerInfo = signed.getSignerInfos().getSigners().iterator().next();
        JcaSimpleSignerInfoVerifierBuilder verifier = new JcaSimpleSignerInfoVerifierBuilder();
        if (provider != null) {
            verifier.setProvider(provider);
        }
        if (!signerInfo.verify(verifier.build(pki.alice.certificate()))) {
            throw new IllegalStateException("raw signature does not verify");
        }
        return content;
    }

    private static byte[] readAll(InputStream in) throws java.io.IOException {
        return in.readAllBytes();
    }

    private static void check(byte[] actual, byte[] expected) {
        if (!java.util.Arrays.equals(actual, expected)) {
            throw new IllegalStateException("raw round trip differs");
        }
    }

    private static byte[] concat(byte[] signature, byte[] envelope) {
        byte[] all = new byte[4 + signature.length + envelope.length];
        all[0] = (byte) (signature.length >>> 24);
        all[1] = (byte) (signature.length >>> 16);
        all[2] = (byte) (signature.length >>> 8);
        all[3] = (byte) signature.length;
        System.arraycopy(signature, 0, all, 4, signature.length);
        System.arraycopy(envelope, 0, all, 4 + signature.length, envelope.length);
        return all;
    }

    private static AlgorithmIdentifier oaepSha256() {
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, new RSAESOAEPparams(sha256,
            new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256), RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM));
    }

    /** About 100 KB on the wire: a short text and a base64 attachment. */
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
