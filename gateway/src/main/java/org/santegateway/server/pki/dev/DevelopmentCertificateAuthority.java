package org.santegateway.server.pki.dev;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.santegateway.pki.PemFiles;

/**
 * The self-signed root certification authority of the development PKI, able to issue end-entity certificates
 * (TLS servers and clients of test operators, S/MIME certificates of test users).
 *
 * <p>For development and tests only: its name says "TEST ... NOT FOR PRODUCTION" so that a certificate issued by it
 * is recognisable wherever it shows up. Production deployments use certificates of a real authority (IGC-Santé in
 * France).</p>
 *
 * <p>Keys are generated and certificates signed with the JDK providers; Bouncy Castle only builds the ASN.1
 * structures, so no security provider is registered.</p>
 */
public final class DevelopmentCertificateAuthority {
    public static final String SUBJECT = "CN=Sante Gateway TEST Root CA - NOT FOR PRODUCTION, O=Sante Gateway development PKI, C=FR";
    public static final String ORGANIZATION = "Sante Gateway development PKI";
    public static final String COUNTRY = "FR";

    public static final int CA_KEY_SIZE = 3072;
    public static final int END_ENTITY_KEY_SIZE = 2048;
    public static final int CA_VALIDITY_YEARS = 10;
    /**
     * Certificates start this much before their issuance, so that a peer whose clock is a little late still accepts
     * a certificate issued a moment ago (the validity duration is counted from that earlier start).
     */
    public static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofHours(1);

    private static final int SERIAL_NUMBER_BYTES = 16;
    // A DNS name label (underscores tolerated for test host names), with an optional leading wildcard label.
    private static final Pattern HOST_NAME = Pattern.compile("(\\*\\.)?[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*");
    // rfc822Name is an IA5String: internationalised (SmtpUTF8Mailbox) addresses are out of scope here.
    private static final Pattern EMAIL = Pattern.compile("[\\x21-\\x3F\\x41-\\x7E]+@[A-Za-z0-9.-]+");

    /** What an end-entity certificate may be used for, written as its extended key usage. */
    public enum Purpose {
        TLS_SERVER(KeyPurposeId.id_kp_serverAuth),
        TLS_CLIENT(KeyPurposeId.id_kp_clientAuth),
        EMAIL_PROTECTION(KeyPurposeId.id_kp_emailProtection);

        private final KeyPurposeId keyPurposeId;

        Purpose(KeyPurposeId keyPurposeId) {
            this.keyPurposeId = keyPurposeId;
        }
    }

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Clock clock;
    private final SecureRandom random;

    private DevelopmentCertificateAuthority(X509Certificate certificate, PrivateKey privateKey, Clock clock, SecureRandom random) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.clock = clock;
        this.random = random;
    }

    /** Generates a new root: RSA 3072, SHA-256 with RSA, valid {@value #CA_VALIDITY_YEARS} years. */
    public static DevelopmentCertificateAuthority create(Clock clock) {
        return create(clock, SUBJECT);
    }

    /** Generates a new root of another name (two CAs of a trust store need distinct names). */
    public static DevelopmentCertificateAuthority create(Clock clock, String subjectDn) {
        Objects.requireNonNull(clock, "clock");
        SecureRandom random = new SecureRandom();
        KeyPair keyPair = generateKeyPair(CA_KEY_SIZE, random);
        X500Name subject = x500Name(subjectDn);
        Instant notBefore = notBefore(clock);
        Instant notAfter = notBefore.atOffset(ZoneOffset.UTC).plusYears(CA_VALIDITY_YEARS).toInstant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serialNumber(random),
                Date.from(notBefore), Date.from(notAfter), subject, keyPair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            X509Certificate certificate = sign(builder, keyPair.getPrivate());
            return new DevelopmentCertificateAuthority(certificate, keyPair.getPrivate(), clock, random);
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new IllegalStateException("Cannot build the test CA certificate", e);
        }
    }

    /**
     * Loads a CA from its PEM certificate (the first one of the file) and its unencrypted PEM private key, checking
     * that the certificate is a CA certificate and that the key belongs to it.
     */
    public static DevelopmentCertificateAuthority load(Path certificateFile, Path privateKeyFile, Clock clock) throws IOException {
        Objects.requireNonNull(clock, "clock");
        X509Certificate certificate = PemFiles.certificates(certificateFile).get(0);
        PrivateKey privateKey = PemFiles.privateKey(privateKeyFile);
        if (certificate.getBasicConstraints() < 0) {
            throw new IOException(certificateFile + " is not a CA certificate");
        }
        if (!belongTogether(privateKey, certificate.getPublicKey())) {
            throw new IOException(privateKeyFile + " is not the private key of " + certificateFile);
        }
        return new DevelopmentCertificateAuthority(certificate, privateKey, clock, new SecureRandom());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes the CA certificate and its PKCS#8 private key (owner-only permissions), each atomically. */
    public void writeTo(Path certificateFile, Path privateKeyFile) throws IOException {
        PemFiles.writePrivateKey(privateKeyFile, privateKey);
        PemFiles.writeCertificates(certificateFile, List.of(certificate));
    }

    /**
     * Issues an end-entity certificate whose purposes follow from its names: TLS server and client when it has host
     * names, e-mail protection (S/MIME) when it has e-mail addresses.
     *
     * @see #issueEndEntity(String, List, List, Duration, Set)
     */
    public IssuedCertificate issueEndEntity(String subjectDn, List<String> hostNames, List<String> emails, Duration validity) {
        EnumSet<Purpose> purposes = EnumSet.noneOf(Purpose.class);
        if (!hostNames.isEmpty()) {
            purposes.add(Purpose.TLS_SERVER);
            purposes.add(Purpose.TLS_CLIENT);
        }
        if (!emails.isEmpty()) {
            purposes.add(Purpose.EMAIL_PROTECTION);
        }
        if (purposes.isEmpty()) {
            throw new IllegalArgumentException("An end-entity certificate needs a host name or an e-mail address, or explicit purposes");
        }
        return issueEndEntity(subjectDn, hostNames, emails, validity, purposes);
    }

    /**
     * Issues an end-entity certificate with a new RSA 2048 key pair, signed with SHA-256 with RSA.
     *
     * <p>Key usage is digitalSignature and keyEncipherment (critical), what an RSA key needs for TLS (both ECDHE and
     * RSA key exchange) and for S/MIME signature and encryption.</p>
     *
     * @param subjectDn RFC 2253 distinguished name, for instance {@code CN=Dr Alice Martin, O=Test Hospital, C=FR}
     * @param hostNames subject alternative names: IPv4 and IPv6 literals become IP address entries, anything else a
     *                  DNS name entry
     * @param emails subject alternative names of type rfc822Name
     * @param validity counted from {@link #CLOCK_SKEW_ALLOWANCE} before now, capped at the CA expiry
     * @param purposes extended key usages
     */
    public IssuedCertificate issueEndEntity(String subjectDn, List<String> hostNames, List<String> emails, Duration validity,
                                            Set<Purpose> purposes) {
        Objects.requireNonNull(subjectDn, "subjectDn");
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        GeneralNames alternativeNames = alternativeNames(hostNames, emails);
        Instant notBefore = notBefore(clock);
        Instant notAfter = earliest(notBefore.plus(validity), certificate.getNotAfter().toInstant());
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalStateException("The test CA " + certificate.getSubjectX500Principal().getName() + " has expired");
        }
        KeyPair keyPair = generateKeyPair(END_ENTITY_KEY_SIZE, random);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serialNumber(random),
                Date.from(notBefore), Date.from(notAfter), x500Name(subjectDn), keyPair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(extensions));
            if (!purposes.isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    purposes.stream().map(purpose -> purpose.keyPurposeId).toArray(KeyPurposeId[]::new)));
            }
            if (alternativeNames.getNames().length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
            return new IssuedCertificate(keyPair, sign(builder, privateKey), certificate);
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new IllegalStateException("Cannot build the certificate of " + subjectDn, e);
        }
    }

    /**
     * Issues a CRL (version 2, SHA-256 with RSA) listing the given serial numbers as revoked (key
     * compromise, an hour before {@code thisUpdate}), with a CRL number and the authority key
     * identifier, as a CA publishes it.
     *
     * @param crlNumber increases with each CRL of this CA: the newer CRL replaces the older one
     */
    public X509CRL issueCrl(Collection<BigInteger> revokedSerials, Instant thisUpdate, Instant nextUpdate, BigInteger crlNumber) {
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("nextUpdate must be after thisUpdate");
        }
        X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
            Date.from(thisUpdate.truncatedTo(ChronoUnit.SECONDS)));
        builder.setNextUpdate(Date.from(nextUpdate.truncatedTo(ChronoUnit.SECONDS)));
        Date revocationDate = Date.from(thisUpdate.truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1)));
        for (BigInteger serial : revokedSerials) {
            builder.addCRLEntry(serial, revocationDate, CRLReason.keyCompromise);
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(extensions));
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(privateKey)).build(privateKey);
            return new JcaX509CRLConverter().getCRL(builder.build(signer));
        } catch (NoSuchAlgorithmException | CertIOException | OperatorCreationException | CRLException e) {
            throw new IllegalStateException("Cannot build the CRL", e);
        }
    }

    private static GeneralNames alternativeNames(List<String> hostNames, List<String> emails) {
        List<GeneralName> names = new ArrayList<>();
        for (String hostName : hostNames) {
            if (IPAddress.isValid(hostName)) {
                names.add(new GeneralName(GeneralName.iPAddress, hostName));
            } else if (HOST_NAME.matcher(hostName).matches()) {
                names.add(new GeneralName(GeneralName.dNSName, hostName.toLowerCase(Locale.ROOT)));
            } else {
                throw new IllegalArgumentException("Not a host name nor an IP address: '" + hostName + "'");
            }
        }
        for (String email : emails) {
            if (!EMAIL.matcher(email).matches()) {
                throw new IllegalArgumentException("Not an ASCII e-mail address: '" + email + "'");
            }
            names.add(new GeneralName(GeneralName.rfc822Name, email));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    // The key identifier of the CA exactly as the CA certificate states it, so that chain building matches them.
    private AuthorityKeyIdentifier authorityKeyIdentifier(JcaX509ExtensionUtils extensions) {
        byte[] extensionValue = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extensionValue == null) {
            return extensions.createAuthorityKeyIdentifier(certificate.getPublicKey());
        }
        byte[] keyIdentifier = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(extensionValue).getOctets())
            .getKeyIdentifier();
        return new AuthorityKeyIdentifier(keyIdentifier);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm(signingKey)).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("Cannot sign the certificate", e);
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        switch (key.getAlgorithm()) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            default:
                throw new IllegalArgumentException("Unsupported CA key algorithm " + key.getAlgorithm());
        }
    }

    private static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] challenge = "sante-gateway test CA key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(signatureAlgorithm(privateKey));
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm(privateKey));
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyPair generateKeyPair(int keySize, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(keySize, random);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is a mandatory JDK algorithm", e);
        }
    }

    /** Random, positive, 128 bits: unpredictable serial numbers as the CA/Browser Forum requires them. */
    private static BigInteger serialNumber(SecureRandom random) {
        byte[] bytes = new byte[SERIAL_NUMBER_BYTES];
        BigInteger serialNumber;
        do {
            random.nextBytes(bytes);
            serialNumber = new BigInteger(1, bytes);
        } while (serialNumber.signum() == 0);
        return serialNumber;
    }

    // X.509 times have a one-second resolution.
    private static Instant notBefore(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).minus(CLOCK_SKEW_ALLOWANCE);
    }

    private static Instant earliest(Instant first, Instant second) {
        return first.isBefore(second) ? first : second;
    }

    // Parsed by the JDK, which reads the RFC 2253 order (most specific RDN first) and encodes it reversed, as
    // certificates usually are; Bouncy Castle's own parser would encode CN first.
    private static X500Name x500Name(String distinguishedName) {
        return X500Name.getInstance(new X500Principal(distinguishedName).getEncoded());
    }
}
