package org.santegateway.smime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.smime.SMIMECapabilitiesAttribute;
import org.bouncycastle.asn1.smime.SMIMECapabilityVector;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.santegateway.smime.certificates.ContentEncryption;
import org.santegateway.smime.certificates.EncryptionRecipient;
import org.santegateway.smime.certificates.KeyTransport;
import org.santegateway.smime.certificates.SigningIdentity;
import org.santegateway.smime.cms.AlgorithmPolicy;
import org.santegateway.smime.cms.JcaProviders;
import org.santegateway.smime.cms.JdkContentEncryptor;
import org.santegateway.smime.cms.JdkContentSigner;
import org.santegateway.smime.cms.SignatureAlgorithm;
import org.santegateway.smime.mime.AssembledMimeMessage;
import org.santegateway.smime.mime.ByteSink;
import org.santegateway.smime.mime.CanonicalOutputStream;
import org.santegateway.smime.mime.MessageEntity;
import org.santegateway.smime.mime.MimeEntities;

/**
 * Protects outgoing messages: signs them as {@code multipart/signed} (RFC 8551), encrypts them as
 * {@code application/pkcs7-mime} for one or more recipient certificates, or both (signed, then
 * encrypted: the signature is inside the envelope, as RFC 8551 recommends).
 *
 * <ul>
 *   <li>Signature: SHA-256 with RSA (default) or RSASSA-PSS; signed attributes: content type,
 *   message digest, signing time, S/MIME capabilities; the signer's chain is included.</li>
 *   <li>Encryption: AES-256-GCM in AuthEnvelopedData (default) or, when a recipient needs it,
 *   AES-256-CBC in EnvelopedData; content key transported with RSA-OAEP-SHA-256 (default) or
 *   PKCS#1 v1.5, per recipient.</li>
 *   <li>Headers: From, To, Subject and the other non-{@code Content-*} headers stay outside (they
 *   are needed to route the message); the {@code Content-*} headers move inside.</li>
 * </ul>
 *
 * <p>Streaming: the message's content is read once and flows, 64 KB at a time, through the
 * canonicaliser, the digest and (for signAndEncrypt) the cipher straight into the result's
 * buffer, which the returned message shares. Bouncy Castle builds the CMS structures; the JDK
 * signs, hashes and encrypts (see {@link JcaProviders}). Thread-safe.</p>
 */
public final class SmimeOutbound {
    static final String SIGNATURE_PART_HEADERS = "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n"
        + "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n"
        + "Content-Description: S/MIME Cryptographic Signature\r\n\r\n";
    private static final int CHUNK = 64 * 1024;
    private static final int KEY_USAGE_DIGITAL_SIGNATURE = 0;
    private static final int KEY_USAGE_NON_REPUDIATION = 1;
    private static final int KEY_USAGE_KEY_ENCIPHERMENT = 2;
    private static final String EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String EKU_ANY = "2.5.29.37.0";
    private static final AlgorithmIdentifier OAEP_SHA256 = oaepSha256();

    private final SignatureAlgorithm signatureAlgorithm;
    private final Clock clock;
    private final SecureRandom random;
    private final DigestCalculatorProvider digests = JcaProviders.digestCalculators();

    public SmimeOutbound(SignatureAlgorithm signatureAlgorithm, Clock clock, SecureRandom random) {
        this.signatureAlgorithm = Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** SHA-256 with RSA signatures, the system's SecureRandom. */
    public SmimeOutbound(Clock clock) {
        this(SignatureAlgorithm.SHA256_WITH_RSA, clock, new SecureRandom());
    }

    /** The message signed as multipart/signed; the input message is not modified. */
    public MimeMessage sign(MimeMessage message, SigningIdentity signer) throws SmimeException {
        checkSigner(signer);
        try {
            MessageEntity entity = MessageEntity.forSigning(message);
            String boundary = newBoundary();
            ByteSink body = new ByteSink(estimate(message, 1.0));
            writeSignedBody(entity, signer, boundary, body);
            List<String> headers = MimeEntities.outerHeaderLines(message);
            headers.add(signedContentType(boundary));
            return AssembledMimeMessage.of(headers, body.shared(0));
        } catch (IOException | MessagingException e) {
            throw new SmimeException(SmimeFailure.MALFORMED, "message content cannot be read (" + e.getClass().getSimpleName() + ")", e);
        } catch (GeneralSecurityException | CMSException | OperatorCreationException | RuntimeOperatorException e) {
            throw new SmimeException(SmimeFailure.SIGNER_UNUSABLE, "signing failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The message encrypted for the recipients; the input message is not modified. */
    public MimeMessage encrypt(MimeMessage message, List<EncryptionRecipient> recipients) throws SmimeException {
        checkRecipients(recipients);
        return envelope(message, recipients, (content) -> MessageEntity.forEncryption(message).writeTo(new CanonicalOutputStream(content)));
    }

    /** The message signed, then encrypted for the recipients, in one pass over its content. */
    public MimeMessage signAndEncrypt(MimeMessage message, SigningIdentity signer, List<EncryptionRecipient> recipients)
        throws SmimeException {
        checkSigner(signer);
        checkRecipients(recipients);
        return envelope(message, recipients, (content) -> {
            MessageEntity entity = MessageEntity.forSigning(message);
            String boundary = newBoundary();
            content.write((signedContentType(boundary) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            writeSignedBody(entity, signer, boundary, content);
        });
    }

    private interface ContentWriter {
        void writeTo(OutputStream content) throws IOException, MessagingException, GeneralSecurityException, CMSException,
            OperatorCreationException;
    }

    private MimeMessage envelope(MimeMessage message, List<EncryptionRecipient> recipients, ContentWriter writer) throws SmimeException {
        boolean cbc = recipients.stream().anyMatch(r -> r.contentEncryption() == ContentEncryption.AES_256_CBC);
        try {
            ByteSink body = new ByteSink(estimate(message, 1.4));
            OutputStream base64 = Base64.getMimeEncoder().wrap(body);
            OutputStream cms = openEnvelope(recipients, cbc, base64);
            OutputStream buffered = new BufferedOutputStream(cms, CHUNK);
            writer.writeTo(buffered);
            buffered.flush();
            cms.close();
            base64.close();
            body.write(MimeEntities.CRLF);
            List<String> headers = MimeEntities.outerHeaderLines(message);
            headers.add("Content-Type: application/pkcs7-mime; smime-type=" + (cbc ? "enveloped-data" : "authEnveloped-data")
                + "; name=\"smime.p7m\"");
            headers.add("Content-Transfer-Encoding: base64");
            headers.add("Content-Disposition: attachment; filename=\"smime.p7m\"");
            headers.add("Content-Description: S/MIME Encrypted Message");
            return AssembledMimeMessage.of(headers, body.shared(0));
        } catch (IOException | MessagingException e) {
            throw new SmimeException(SmimeFailure.MALFORMED, "message content cannot be read (" + e.getClass().getSimpleName() + ")", e);
        } catch (GeneralSecurityException | CMSException | OperatorCreationException | RuntimeOperatorException e) {
            throw new SmimeException(SmimeFailure.RECIPIENT_UNUSABLE, "encryption failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private OutputStream openEnvelope(List<EncryptionRecipient> recipients, boolean cbc, OutputStream target)
        throws GeneralSecurityException, CMSException, IOException {
        if (cbc) {
            CMSEnvelopedDataStreamGenerator generator = new CMSEnvelopedDataStreamGenerator();
            generator.setBufferSize(CHUNK);
            for (EncryptionRecipient recipient : recipients) {
                generator.addRecipientInfoGenerator(recipientInfo(recipient));
            }
            return generator.open(target, JdkContentEncryptor.aes256Cbc(random));
        }
        CMSAuthEnvelopedDataStreamGenerator generator = new CMSAuthEnvelopedDataStreamGenerator();
        generator.setBufferSize(CHUNK);
        for (EncryptionRecipient recipient : recipients) {
            generator.addRecipientInfoGenerator(recipientInfo(recipient));
        }
        return generator.open(target, JdkContentEncryptor.aes256Gcm(random));
    }

    private static RecipientInfoGenerator recipientInfo(EncryptionRecipient recipient) throws CertificateEncodingException {
        JceKeyTransRecipientInfoGenerator generator = recipient.keyTransport() == KeyTransport.RSA_OAEP_SHA256
            ? new JceKeyTransRecipientInfoGenerator(recipient.certificate(), OAEP_SHA256)
            : new JceKeyTransRecipientInfoGenerator(recipient.certificate());
        return generator.setProvider(JcaProviders.CIPHERS);
    }

    /**
     * Writes the body of a multipart/signed entity: the canonical content part, then the detached
     * signature computed over exactly those bytes as they were written.
     */
    private void writeSignedBody(MessageEntity entity, SigningIdentity signer, String boundary, OutputStream out)
        throws IOException, MessagingException, GeneralSecurityException, CMSException, OperatorCreationException {
        CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
        generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(digests)
            .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signedAttributes()))
            .build(JdkContentSigner.create(signatureAlgorithm, signer.privateKey(), random), new JcaX509CertificateHolder(signer.certificate())));
        List<X509Certificate> certificates = new ArrayList<>();
        certificates.add(signer.certificate());
        certificates.addAll(signer.chain());
        generator.addCertificates(new JcaCertStore(certificates));

        ByteSink signature = new ByteSink(4096);
        OutputStream digest = generator.open(signature, false);
        out.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
        OutputStream both = new BufferedOutputStream(new TeeOutputStream(out, digest), CHUNK);
        CanonicalOutputStream canonical = new CanonicalOutputStream(both);
        entity.writeTo(canonical);
        canonical.flush();
        digest.close();

        out.write(("\r\n--" + boundary + "\r\n" + SIGNATURE_PART_HEADERS).getBytes(StandardCharsets.US_ASCII));
        out.write(Base64.getMimeEncoder().encode(Arrays.copyOf(signature.array(), signature.size())));
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    private AttributeTable signedAttributes() {
        SMIMECapabilityVector capabilities = new SMIMECapabilityVector();
        capabilities.addCapability(CMSAlgorithm.AES256_GCM);
        capabilities.addCapability(CMSAlgorithm.AES256_CBC);
        capabilities.addCapability(CMSAlgorithm.AES128_CBC);
        capabilities.addCapability(PKCSObjectIdentifiers.id_RSAES_OAEP);
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new SMIMECapabilitiesAttribute(capabilities));
        attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(clock.instant())))));
        return new AttributeTable(attributes);
    }

    private String signedContentType(String boundary) {
        return "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256;\r\n\tboundary=\"" + boundary + "\"";
    }

    private String newBoundary() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        // "=_" cannot occur in base64 or quoted-printable content.
        return "----=_Sante_" + HexFormat.of().formatHex(bytes);
    }

    private void checkSigner(SigningIdentity signer) throws SmimeException {
        Objects.requireNonNull(signer, "signer");
        X509Certificate certificate = signer.certificate();
        String which = "signing certificate (serial " + certificate.getSerialNumber().toString(16) + ")";
        checkValidity(certificate, SmimeFailure.SIGNER_UNUSABLE, which);
        PublicKey publicKey = certificate.getPublicKey();
        if (!(publicKey instanceof RSAPublicKey rsaPublic) || !(signer.privateKey() instanceof RSAKey rsaPrivate)) {
            throw new SmimeException(SmimeFailure.SIGNER_UNUSABLE, which + ": only RSA keys are supported");
        }
        if (!rsaPublic.getModulus().equals(rsaPrivate.getModulus())) {
            throw new SmimeException(SmimeFailure.SIGNER_UNUSABLE, which + ": the private key does not match the certificate");
        }
        checkKeySize(rsaPublic, SmimeFailure.SIGNER_UNUSABLE, which);
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[KEY_USAGE_DIGITAL_SIGNATURE] && !keyUsage[KEY_USAGE_NON_REPUDIATION]) {
            throw new SmimeException(SmimeFailure.SIGNER_UNUSABLE, which + ": key usage does not allow signing");
        }
        checkEmailProtection(certificate, SmimeFailure.SIGNER_UNUSABLE, which);
    }

    private void checkRecipients(List<EncryptionRecipient> recipients) throws SmimeException {
        if (recipients == null || recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient is needed");
        }
        for (int i = 0; i < recipients.size(); i++) {
            X509Certificate certificate = recipients.get(i).certificate();
            String which = "recipient certificate " + (i + 1) + " (serial " + certificate.getSerialNumber().toString(16) + ")";
            checkValidity(certificate, SmimeFailure.RECIPIENT_UNUSABLE, which);
            if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa)) {
                throw new SmimeException(SmimeFailure.RECIPIENT_UNUSABLE, which + ": only RSA keys are supported");
            }
            checkKeySize(rsa, SmimeFailure.RECIPIENT_UNUSABLE, which);
            boolean[] keyUsage = certificate.getKeyUsage();
            if (keyUsage != null && !keyUsage[KEY_USAGE_KEY_ENCIPHERMENT]) {
                throw new SmimeException(SmimeFailure.RECIPIENT_UNUSABLE, which + ": key usage does not allow key encipherment");
            }
            checkEmailProtection(certificate, SmimeFailure.RECIPIENT_UNUSABLE, which);
        }
    }

    private void checkValidity(X509Certificate certificate, SmimeFailure failure, String which) throws SmimeException {
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException e) {
            throw new SmimeException(failure, which + ": expired");
        } catch (CertificateNotYetValidException e) {
            throw new SmimeException(failure, which + ": not yet valid");
        }
    }

    private static void checkKeySize(RSAPublicKey key, SmimeFailure failure, String which) throws SmimeException {
        if (key.getModulus().bitLength() < AlgorithmPolicy.MIN_RSA_BITS) {
            throw new SmimeException(failure, which + ": RSA key of " + key.getModulus().bitLength() + " bits, "
                + AlgorithmPolicy.MIN_RSA_BITS + " required");
        }
    }

    private static void checkEmailProtection(X509Certificate certificate, SmimeFailure failure, String which) throws SmimeException {
        try {
            List<String> extendedKeyUsage = certificate.getExtendedKeyUsage();
            if (extendedKeyUsage != null && !extendedKeyUsage.contains(EKU_EMAIL_PROTECTION) && !extendedKeyUsage.contains(EKU_ANY)) {
                throw new SmimeException(failure, which + ": extended key usage does not allow email protection");
            }
        } catch (CertificateParsingException e) {
            throw new SmimeException(failure, which + ": unreadable extended key usage");
        }
    }

    private static int estimate(MimeMessage message, double factor) {
        try {
            int size = message.getSize();
            return size > 0 ? (int) Math.min(Integer.MAX_VALUE - 64L, (long) (size * factor) + 8192) : 64 * 1024;
        } catch (MessagingException e) {
            return 64 * 1024;
        }
    }

    private static AlgorithmIdentifier oaepSha256() {
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, new RSAESOAEPparams(sha256,
            new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256), RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM));
    }

    /** Writes to two streams: the message and the signature's digest. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }
}
