package org.santegateway.smime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.santegateway.pki.RevocationPolicy;
import org.santegateway.pki.VerificationTrust;
import org.santegateway.smime.certificates.DecryptionKey;
import org.santegateway.smime.certificates.DecryptionKeys;
import org.santegateway.smime.certificates.EncryptionRecipient;
import org.santegateway.smime.certificates.SigningIdentity;

/**
 * The test PKI, generated once per test JVM under {@code target/smime-pki/} (keys are never
 * committed): a test root CA that issues the users, a second CA nobody trusts, and users in
 * the situations the tests need. RSA 2048, SHA-256 with RSA; PEM files for openssl.
 */
public final class TestPki {
    public static final Instant NOW = Instant.now();

    private static TestPki instance;

    public final Path directory;
    public final Issued ca;
    public final Issued alice;
    public final Issued bob;
    public final Issued revoked;
    public final Issued expired;
    public final Issued serverOnly;
    public final Issued weakKey;
    public final Issued otherCa;
    public final Issued stranger;
    /** Organisation certificate of hopital-a.fr naming the domain in its subject only (CN=hopital-a.fr), as domain certificates do. */
    public final Issued organisationA;
    /** Organisation certificate naming hopital-a.fr as a DNS name (subject alternative name), its CN a service name. */
    public final Issued organisationADns;
    /** Organisation certificate of another organisation, hopital-b.fr (CN and DNS name). */
    public final Issued organisationB;
    public final X509CRL crl;
    public final X509CRL expiredCrl;
    public final Path crlFile;

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

    /** A key, its certificate and their PEM files. */
    public record Issued(String name, KeyPair keys, X509Certificate certificate, Path certificateFile, Path keyFile) {
        public PrivateKey privateKey() {
            return keys.getPrivate();
        }

        public SigningIdentity signingIdentity() {
            return SigningIdentity.of(keys.getPrivate(), certificate);
        }

        public DecryptionKey decryptionKey() {
            return new DecryptionKey(keys.getPrivate(), certificate);
        }

        public EncryptionRecipient recipient() {
            return EncryptionRecipient.of(certificate);
        }
    }

    public static synchronized TestPki get() {
        if (instance == null) {
            try {
                instance = new TestPki(Path.of("target", "smime-pki").toAbsolutePath());
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException("test PKI cannot be generated", e);
            }
        }
        return instance;
    }

    private TestPki(Path directory) throws GeneralSecurityException, IOException, OperatorCreationException {
        this.directory = directory;
        Files.createDirectories(directory);
        Instant yearAgo = NOW.minus(Duration.ofDays(365));
        Instant inAYear = NOW.plus(Duration.ofDays(365));
        ca = selfSigned("ca", "CN=Sante Gateway TEST S/MIME CA - NOT FOR PRODUCTION,O=Sante Gateway tests,C=FR", 2048);
        otherCa = selfSigned("other-ca", "CN=Unknown TEST CA,O=Elsewhere,C=FR", 2048);
        alice = user("alice", "CN=Alice Martin,O=Hopital A,C=FR", "alice@hopital-a.fr", ca, 2048, yearAgo, inAYear, KeyPurposeId.id_kp_emailProtection);
        bob = user("bob", "CN=Bob Durand,O=Operateur B,C=FR", "bob@operateur-b.fr", ca, 2048, yearAgo, inAYear, KeyPurposeId.id_kp_emailProtection);
        revoked = user("revoked", "CN=Revoked User,O=Hopital A,C=FR", "revoked@hopital-a.fr", ca, 2048, yearAgo, inAYear, KeyPurposeId.id_kp_emailProtection);
        expired = user("expired", "CN=Expired User,O=Hopital A,C=FR", "expired@hopital-a.fr", ca, 2048, yearAgo, NOW.minus(Duration.ofDays(1)), KeyPurposeId.id_kp_emailProtection);
        serverOnly = user("server-only", "CN=mss.hopital-a.fr,O=Hopital A,C=FR", "postmaster@hopital-a.fr", ca, 2048, yearAgo, inAYear, KeyPurposeId.id_kp_serverAuth);
        weakKey = user("weak-key", "CN=Weak Key,O=Hopital A,C=FR", "weak@hopital-a.fr", ca, 1024, yearAgo, inAYear, KeyPurposeId.id_kp_emailProtection);
        stranger = user("stranger", "CN=Stranger,O=Elsewhere,C=FR", "stranger@elsewhere.fr", otherCa, 2048, yearAgo, inAYear, KeyPurposeId.id_kp_emailProtection);
        organisationA = issue("organisation-a", "CN=hopital-a.fr,OU=MSSante domain,O=Hopital A,C=FR", new GeneralName[0], ca, 2048,
            yearAgo, inAYear, KeyPurposeId.id_kp_emailProtection);
        organisationADns = issue("organisation-a-dns", "CN=Messagerie securisee,O=Hopital A,C=FR",
            new GeneralName[] {new GeneralName(GeneralName.dNSName, "hopital-a.fr")}, ca, 2048, yearAgo, inAYear, KeyPurposeId.id_kp_emailProtection);
        organisationB = issue("organisation-b", "CN=hopital-b.fr,OU=MSSante domain,O=Hopital B,C=FR",
            new GeneralName[] {new GeneralName(GeneralName.dNSName, "hopital-b.fr")}, ca, 2048, yearAgo, inAYear, KeyPurposeId.id_kp_emailProtection);
        crl = crl(ca, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7)), revoked.certificate());
        expiredCrl = crl(ca, NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(23)), revoked.certificate());
        crlFile = directory.resolve("ca.crl.pem");
        writePem(crlFile, crl);
    }

    /** Anchors: the test CA; CRL: the current one; revocation required. */
    public VerificationTrust trust() {
        return VerificationTrust.of(List.of(ca.certificate()), List.of(), List.of(crl), RevocationPolicy.REQUIRE_CRL);
    }

    public VerificationTrust trustWithCrls(List<X509CRL> crls, RevocationPolicy policy) {
        return VerificationTrust.of(List.of(ca.certificate()), List.of(), crls, policy);
    }

    public DecryptionKeys keysOf(Issued... holders) {
        return DecryptionKeys.of(java.util.Arrays.stream(holders).map(Issued::decryptionKey).toList());
    }

    private Issued selfSigned(String name, String subject, int bits) throws GeneralSecurityException, IOException, OperatorCreationException {
        KeyPair keys = keyPair(bits);
        X500Name x500 = new X500Name(subject);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(x500, nextSerial(), Date.from(NOW.minus(Duration.ofDays(400))),
            Date.from(NOW.plus(Duration.ofDays(3650))), x500, keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
            .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        return write(name, keys, certificate);
    }

    private Issued user(String name, String subject, String email, Issued issuer, int bits, Instant notBefore, Instant notAfter,
                        KeyPurposeId purpose) throws GeneralSecurityException, IOException, OperatorCreationException {
        return issue(name, subject, new GeneralName[] {new GeneralName(GeneralName.rfc822Name, email)}, issuer, bits, notBefore, notAfter, purpose);
    }

    private Issued issue(String name, String subject, GeneralName[] alternativeNames, Issued issuer, int bits, Instant notBefore,
                         Instant notAfter, KeyPurposeId purpose) throws GeneralSecurityException, IOException, OperatorCreationException {
        KeyPair keys = keyPair(bits);
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.certificate(), nextSerial(), Date.from(notBefore),
            Date.from(notAfter), new X500Name(subject), keys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment))
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
            .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
            .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer.certificate()));
        if (alternativeNames.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames));
        }
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.privateKey())));
        return write(name, keys, certificate);
    }

    private X509CRL crl(Issued issuer, Instant thisUpdate, Instant nextUpdate, X509Certificate... revokedCertificates)
        throws GeneralSecurityException, IOException, OperatorCreationException {
        X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuer.certificate(), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        for (X509Certificate certificate : revokedCertificates) {
            builder.addCRLEntry(certificate.getSerialNumber(), Date.from(thisUpdate.minus(Duration.ofHours(1))), CRLReason.keyCompromise);
        }
        builder.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
        return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.privateKey())));
    }

    private Issued write(String name, KeyPair keys, X509Certificate certificate) throws IOException {
        Path certificateFile = directory.resolve(name + ".pem");
        Path keyFile = directory.resolve(name + ".key");
        writePem(certificateFile, certificate);
        try {
            writePem(keyFile, new JcaPKCS8Generator(keys.getPrivate(), null));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IOException(e);
        }
        return new Issued(name, keys, certificate, certificateFile, keyFile);
    }

    private static void writePem(Path file, Object object) {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KeyPair keyPair(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits, random);
        return generator.generateKeyPair();
    }

    private BigInteger nextSerial() {
        return BigInteger.valueOf(serial.incrementAndGet());
    }
}
