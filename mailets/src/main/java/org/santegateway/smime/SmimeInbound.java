package org.santegateway.smime;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import javax.crypto.BadPaddingException;
import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParseException;
import javax.mail.util.SharedByteArrayInputStream;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1SequenceParser;
import org.bouncycastle.asn1.ASN1StreamParser;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfoParser;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Selector;
import org.bouncycastle.util.Store;
import org.santegateway.pki.CertificatePathException;
import org.santegateway.pki.CertificatePathValidator;
import org.santegateway.pki.VerificationTrust;
import org.santegateway.smime.certificates.DecryptionKey;
import org.santegateway.smime.certificates.DecryptionKeyLookup;
import org.santegateway.smime.certificates.SmimeCapabilities;
import org.santegateway.smime.certificates.VerifiedSigner;
import org.santegateway.smime.cms.AlgorithmPolicy;
import org.santegateway.smime.cms.AlgorithmRefusedException;
import org.santegateway.smime.cms.JcaProviders;
import org.santegateway.smime.cms.JdkKeyTransRecipient;
import org.santegateway.smime.mime.AssembledMimeMessage;
import org.santegateway.smime.mime.Base64DecodingInputStream;
import org.santegateway.smime.mime.ByteSink;
import org.santegateway.smime.mime.CanonicalOutputStream;
import org.santegateway.smime.mime.MimeEntities;

/**
 * Opens incoming S/MIME messages: decrypts them with a held key, verifies their signature and the
 * signer's certificate path, and returns the inner message or a typed refusal
 * ({@link SmimeResult}). Fail closed: anything that cannot be fully checked is refused.
 *
 * <p>Handles, nested in any order up to {@value #MAX_LAYERS} layers: {@code application/pkcs7-mime}
 * EnvelopedData (AES-CBC) and AuthEnvelopedData (AES-GCM), {@code multipart/signed} and opaque
 * SignedData. The CMS content type is read from the data, not trusted from {@code smime-type}.
 * The algorithms allowed are those of {@link AlgorithmPolicy}; SHA-1 signatures and 3DES/RC2
 * encryption are refused as {@link SmimeFailure#WEAK_ALGORITHM}.</p>
 *
 * <p>Integrity: encrypted content that fails its AES-GCM tag or AES-CBC padding check, and signed
 * content that does not match its signed digest, are refused as {@link SmimeFailure#INTEGRITY},
 * not as a message that is not for us ({@link SmimeFailure#CANNOT_DECRYPT}).</p>
 *
 * <p>Signers: every SignerInfo must verify (digest, signature, signer key usage: digital signature
 * or non-repudiation, extended key usage if present: email protection) and its certificate must
 * validate to a trust anchor of the {@link VerificationTrust} at the current time, revocation
 * included. The result reports the innermost signer (the one closest to the content).</p>
 *
 * <p>Memory: the ciphertext is decoded and decrypted as a stream; the plaintext is held once, and
 * the returned message shares that buffer (the signed part of a multipart/signed is a slice of
 * it). Thread-safe.</p>
 */
public final class SmimeInbound {
    public static final long DEFAULT_MAX_CONTENT_BYTES = 64L * 1024 * 1024;
    static final int MAX_LAYERS = 4;
    private static final int MAX_SIGNATURE_BYTES = 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final int KEY_USAGE_DIGITAL_SIGNATURE = 0;
    private static final int KEY_USAGE_NON_REPUDIATION = 1;
    private static final String EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String EKU_ANY = "2.5.29.37.0";

    private final Supplier<VerificationTrust> trust;
    private final Clock clock;
    private final long maxContentBytes;
    private final SecureRandom random;
    private final DigestCalculatorProvider digests = JcaProviders.digestCalculators();
    private final JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
    // Builders are reusable (each build() makes a new verifier): made once, they spare a lookup table per message.
    private final JcaSignerInfoVerifierBuilder verifiers = new JcaSignerInfoVerifierBuilder(digests);
    private final JcaSignerInfoVerifierBuilder pssVerifiers = new JcaSignerInfoVerifierBuilder(digests).setProvider(JcaProviders.pssVerification());

    /**
     * @param trust           the anchors, intermediates and CRLs in force (asked for each message,
     *                        so that refreshed CRLs apply at once)
     * @param maxContentBytes limit on a decrypted or signed content held in memory
     */
    public SmimeInbound(Supplier<VerificationTrust> trust, Clock clock, long maxContentBytes, SecureRandom random) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        if (maxContentBytes <= 0) {
            throw new IllegalArgumentException("maxContentBytes must be positive");
        }
        this.maxContentBytes = maxContentBytes;
    }

    public SmimeInbound(VerificationTrust trust, Clock clock) {
        this(() -> trust, clock, DEFAULT_MAX_CONTENT_BYTES, new SecureRandom());
    }

    /**
     * Removes the S/MIME layers of the message. Not S/MIME: {@link SmimeResult.Unwrapped} with no
     * layer and the message itself. The input message is not modified.
     */
    public SmimeResult unwrap(MimeMessage message, DecryptionKeyLookup keys) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(keys, "keys");
        try {
            return unwrapLayers(message, keys);
        } catch (Refusal refusal) {
            return new SmimeResult.Refused(refusal.failure(), refusal.getMessage());
        } catch (AlgorithmRefusedException e) {
            return new SmimeResult.Refused(e.isWeak() ? SmimeFailure.WEAK_ALGORITHM : SmimeFailure.UNSUPPORTED, e.getMessage());
        } catch (ByteSink.LimitExceededException e) {
            return new SmimeResult.Refused(SmimeFailure.TOO_LARGE, "content larger than " + maxContentBytes + " bytes");
        } catch (IOException | MessagingException | CMSException | RuntimeException e) {
            // Hostile or broken input makes the parsers fail in many ways: all of them refuse the message.
            return new SmimeResult.Refused(SmimeFailure.MALFORMED, "unreadable S/MIME structure (" + e.getClass().getSimpleName() + ")");
        }
    }

    private SmimeResult unwrapLayers(MimeMessage message, DecryptionKeyLookup keys)
        throws Refusal, AlgorithmRefusedException, IOException, MessagingException, CMSException {
        List<SmimeResult.Layer> layers = new ArrayList<>();
        VerifiedSigner signer = null;
        String contentEncryption = null;
        Entity current = null;
        while (true) {
            InternetHeadersView headers = current == null ? InternetHeadersView.of(message) : InternetHeadersView.of(current.headers());
            ContentType contentType = contentType(headers);
            Kind kind = kind(contentType, headers);
            if (kind == Kind.NONE) {
                break;
            }
            if (layers.size() >= MAX_LAYERS) {
                throw new Refusal(SmimeFailure.MALFORMED, "more than " + MAX_LAYERS + " nested S/MIME layers");
            }
            if (kind == Kind.MULTIPART_SIGNED) {
                Entity body = current != null ? current : readBody(message);
                Verified verified = verifyDetached(contentType, body);
                current = verified.content();
                signer = verified.signer();
                layers.add(SmimeResult.Layer.SIGNATURE_VERIFIED);
                continue;
            }
            InputStream encoded = current != null ? current.body() : MimeEntities.rawBody(message);
            BufferedInputStream der = new BufferedInputStream(decode(encoded, headers.encoding()), CHUNK);
            ASN1ObjectIdentifier type = peekContentType(der);
            if (type.equals(CMSObjectIdentifiers.envelopedData) || type.equals(CMSObjectIdentifiers.authEnvelopedData)) {
                Decrypted decrypted = decrypt(der, type.equals(CMSObjectIdentifiers.authEnvelopedData), keys);
                current = decrypted.content();
                contentEncryption = decrypted.algorithm();
                layers.add(SmimeResult.Layer.DECRYPTED);
            } else if (type.equals(CMSObjectIdentifiers.signedData)) {
                Verified verified = verifyOpaque(der);
                current = verified.content();
                signer = verified.signer();
                layers.add(SmimeResult.Layer.SIGNATURE_VERIFIED);
            } else if (type.equals(CMSObjectIdentifiers.compressedData)) {
                throw new Refusal(SmimeFailure.UNSUPPORTED, "compressed-data");
            } else {
                throw new Refusal(SmimeFailure.UNSUPPORTED, "CMS content type " + type.getId());
            }
        }
        if (current == null) {
            return new SmimeResult.Unwrapped(message, List.of(), Optional.empty(), Optional.empty());
        }
        List<String> headerLines = MimeEntities.outerHeaderLines(message);
        headerLines.addAll(MimeEntities.contentHeaderLines(current.headers()));
        MimeMessage unwrapped = AssembledMimeMessage.of(headerLines, current.sharedBody());
        return new SmimeResult.Unwrapped(unwrapped, layers, Optional.ofNullable(signer), Optional.ofNullable(contentEncryption));
    }

    private enum Kind {
        NONE, MULTIPART_SIGNED, PKCS7_MIME
    }

    private static Kind kind(ContentType contentType, InternetHeadersView headers) {
        if (contentType == null) {
            return Kind.NONE;
        }
        SmimeProtection protection = SmimeDetector.byContentType(contentType, headers.get("Content-Disposition"));
        if (protection == null) {
            return Kind.PKCS7_MIME;
        }
        switch (protection) {
            case SIGNED:
                return Kind.MULTIPART_SIGNED;
            case ENCRYPTED:
            case OPAQUE_SIGNED:
            case COMPRESSED:
                return Kind.PKCS7_MIME;
            default:
                return Kind.NONE;
        }
    }

    private static ContentType contentType(InternetHeadersView headers) throws Refusal {
        String value = headers.get("Content-Type");
        if (value == null) {
            return null;
        }
        try {
            return new ContentType(value);
        } catch (ParseException e) {
            if (value.toLowerCase(Locale.ROOT).contains("pkcs7") || value.toLowerCase(Locale.ROOT).contains("multipart/signed")) {
                throw new Refusal(SmimeFailure.MALFORMED, "unparsable Content-Type");
            }
            return null;
        }
    }

    // ---- decryption

    private record Decrypted(Entity content, String algorithm) {
    }

    private Decrypted decrypt(InputStream der, boolean authenticated, DecryptionKeyLookup keys)
        throws Refusal, AlgorithmRefusedException, IOException, CMSException, MessagingException {
        RecipientInformationStore recipients;
        AlgorithmIdentifier contentAlgorithm;
        if (authenticated) {
            CMSAuthEnvelopedDataParser parser = new CMSAuthEnvelopedDataParser(der);
            contentAlgorithm = parser.getEncryptionAlgOID();
            recipients = parser.getRecipientInfos();
        } else {
            CMSEnvelopedDataParser parser = new CMSEnvelopedDataParser(der);
            contentAlgorithm = parser.getContentEncryptionAlgorithm();
            recipients = parser.getRecipientInfos();
        }
        String algorithm = AlgorithmPolicy.checkContentEncryption(contentAlgorithm, authenticated);
        Collection<RecipientInformation> entries = recipients.getRecipients();
        for (RecipientInformation recipient : entries) {
            Optional<DecryptionKey> key = find(recipient.getRID(), keys);
            if (key.isEmpty()) {
                continue;
            }
            AlgorithmPolicy.checkKeyTransport(recipient.getKeyEncryptionAlgorithm());
            String serial = key.get().certificate().getSerialNumber().toString(16);
            CMSTypedStream content;
            try {
                content = recipient.getContentStream(new JdkKeyTransRecipient(key.get().privateKey(), random));
            } catch (CMSException | RuntimeException e) {
                // RSA-OAEP: the content key does not decrypt with our key (PKCS#1 v1.5 never fails here, see JdkKeyTransRecipient).
                throw new Refusal(SmimeFailure.CANNOT_DECRYPT, "the content key does not decrypt with the key of certificate serial " + serial);
            }
            ByteSink plaintext = new ByteSink(CHUNK, maxContentBytes);
            try (InputStream in = content.getContentStream()) {
                plaintext.readFrom(in);
            } catch (ByteSink.LimitExceededException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                if (failsIntegrityCheck(e)) {
                    throw new Refusal(SmimeFailure.INTEGRITY, authenticated
                        ? "the content fails its " + algorithm + " authentication tag (altered after encryption)"
                        : "the content fails its " + algorithm + " padding check (altered after encryption)");
                }
                // A truncated or broken ciphertext that the cipher could not even finish.
                throw new Refusal(SmimeFailure.CANNOT_DECRYPT, "the content does not decrypt with the key of certificate serial " + serial
                    + " (" + e.getClass().getSimpleName() + ")");
            }
            return new Decrypted(Entity.parse(plaintext.array(), 0, plaintext.size()), algorithm);
        }
        throw new Refusal(SmimeFailure.CANNOT_DECRYPT, "no held key for any of the " + entries.size() + " recipients");
    }

    /**
     * Whether decryption failed in the cipher's final check: the AES-GCM tag does not verify
     * ({@code AEADBadTagException}) or the AES-CBC padding is wrong ({@code BadPaddingException}).
     * The JDK reports both as a {@link BadPaddingException}, wrapped by the cipher stream.
     */
    private static boolean failsIntegrityCheck(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
            if (cause instanceof BadPaddingException) {
                return true;
            }
        }
        return false;
    }

    private static Optional<DecryptionKey> find(RecipientId id, DecryptionKeyLookup keys) {
        if (!(id instanceof KeyTransRecipientId keyTrans)) {
            return Optional.empty();
        }
        if (keyTrans.getSubjectKeyIdentifier() != null) {
            Optional<DecryptionKey> key = keys.findBySubjectKeyIdentifier(keyTrans.getSubjectKeyIdentifier());
            if (key.isPresent()) {
                return key;
            }
        }
        if (keyTrans.getIssuer() != null && keyTrans.getSerialNumber() != null) {
            try {
                return keys.findByIssuerAndSerial(new X500Principal(keyTrans.getIssuer().getEncoded()), keyTrans.getSerialNumber());
            } catch (IOException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    // ---- signatures

    private record Verified(Entity content, VerifiedSigner signer) {
    }

    private Verified verifyDetached(ContentType contentType, Entity multipart) throws Refusal, AlgorithmRefusedException, CMSException, IOException, MessagingException {
        String boundary = contentType.getParameter("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new Refusal(SmimeFailure.MALFORMED, "multipart/signed without boundary");
        }
        byte[] buffer = multipart.buffer();
        MultipartSignedParts parts = MultipartSignedParts.split(buffer, multipart.bodyStart(), multipart.end(), boundary);
        Entity signaturePart = Entity.parse(buffer, parts.secondStart(), parts.secondEnd());
        String signatureType = signaturePart.headersView().get("Content-Type");
        if (signatureType == null || !SmimeDetector.isPkcs7Signature(signatureType.split(";")[0])) {
            throw new Refusal(SmimeFailure.MALFORMED, "multipart/signed: second part is not a PKCS#7 signature");
        }
        ByteSink signature = new ByteSink(4096, MAX_SIGNATURE_BYTES);
        try (InputStream in = decode(signaturePart.body(), signaturePart.headersView().encoding())) {
            signature.readFrom(in);
        } catch (ByteSink.LimitExceededException e) {
            throw new Refusal(SmimeFailure.MALFORMED, "signature part larger than " + MAX_SIGNATURE_BYTES + " bytes");
        }
        byte[] signatureBytes = Arrays.copyOf(signature.array(), signature.size());
        int firstStart = parts.firstStart();
        int firstEnd = parts.firstEnd();
        CMSSignedData signedData = new CMSSignedData(new CanonicalContent(buffer, firstStart, firstEnd), signatureBytes);
        VerifiedSigner signer = verifySigners(signedData.getSignerInfos(), signedData.getCertificates());
        return new Verified(Entity.parse(buffer, firstStart, firstEnd), signer);
    }

    private Verified verifyOpaque(InputStream der) throws Refusal, AlgorithmRefusedException, CMSException, IOException, MessagingException {
        CMSSignedDataParser parser = new CMSSignedDataParser(digests, der);
        CMSTypedStream content = parser.getSignedContent();
        if (content == null) {
            throw new Refusal(SmimeFailure.MALFORMED, "signed-data without content");
        }
        ByteSink sink = new ByteSink(CHUNK, maxContentBytes);
        try (InputStream in = content.getContentStream()) {
            sink.readFrom(in);
        }
        @SuppressWarnings("unchecked") // Bouncy Castle's parser returns a raw Store of certificate holders.
        Store<X509CertificateHolder> certificateStore = parser.getCertificates();
        VerifiedSigner signer = verifySigners(parser.getSignerInfos(), certificateStore);
        return new Verified(Entity.parse(sink.array(), 0, sink.size()), signer);
    }

    @SuppressWarnings("unchecked")
    private VerifiedSigner verifySigners(SignerInformationStore signerInfos, Store<X509CertificateHolder> certificateStore) throws Refusal, AlgorithmRefusedException {
        Collection<SignerInformation> signers = signerInfos.getSigners();
        if (signers.isEmpty()) {
            throw new Refusal(SmimeFailure.MALFORMED, "signed-data without signer");
        }
        List<X509Certificate> supplied = new ArrayList<>();
        for (X509CertificateHolder holder : certificateStore.getMatches(null)) {
            supplied.add(convert(holder));
        }
        Instant now = clock.instant();
        VerificationTrust trustInForce = trust.get();
        VerifiedSigner first = null;
        for (SignerInformation signerInfo : signers) {
            String digest = AlgorithmPolicy.checkDigest(signerInfo.getDigestAlgorithmID());
            AlgorithmPolicy.checkSignature(signerInfo.toASN1Structure().getDigestEncryptionAlgorithm());
            Collection<X509CertificateHolder> matches = certificateStore.getMatches((Selector<X509CertificateHolder>) signerInfo.getSID());
            if (matches.isEmpty()) {
                throw new Refusal(SmimeFailure.UNKNOWN_CA, "the signer certificate is not in the message");
            }
            X509Certificate certificate = convert(matches.iterator().next());
            String which = "signer certificate (serial " + certificate.getSerialNumber().toString(16) + ")";
            AlgorithmPolicy.checkKeySize(certificate.getPublicKey(), which + ":");
            verifySignature(signerInfo, certificate, which);
            checkUsage(certificate, which);
            List<X509Certificate> path = validatePath(certificate, supplied, trustInForce, now);
            if (first == null) {
                first = new VerifiedSigner(certificate, path, signingTime(signerInfo), digest,
                    SmimeCapabilities.fromSignedAttributes(signerInfo.getSignedAttributes()));
            }
        }
        return first;
    }

    private static List<X509Certificate> validatePath(X509Certificate certificate, List<X509Certificate> supplied,
                                                      VerificationTrust trust, Instant now) throws Refusal {
        try {
            return CertificatePathValidator.validate(certificate, supplied, trust, now);
        } catch (CertificatePathException e) {
            throw new Refusal(switch (e.reason()) {
                case UNKNOWN_CA -> SmimeFailure.UNKNOWN_CA;
                case REVOKED -> SmimeFailure.REVOKED;
                case REVOCATION_UNKNOWN -> SmimeFailure.REVOCATION_UNKNOWN;
                case EXPIRED -> SmimeFailure.CERTIFICATE_EXPIRED;
                case WEAK_ALGORITHM -> SmimeFailure.WEAK_ALGORITHM;
                case NOT_ALLOWED -> SmimeFailure.CERTIFICATE_NOT_ALLOWED;
            }, e.getMessage());
        }
    }

    private void verifySignature(SignerInformation signerInfo, X509Certificate certificate, String which) throws Refusal {
        boolean valid;
        try {
            boolean pss = PKCSObjectIdentifiers.id_RSASSA_PSS.getId().equals(signerInfo.getEncryptionAlgOID());
            valid = signerInfo.verify((pss ? pssVerifiers : verifiers).build(certificate));
        } catch (CMSVerifierCertificateNotValidException e) {
            throw new Refusal(SmimeFailure.CERTIFICATE_EXPIRED, which + " was not valid at the signing time");
        } catch (CMSSignerDigestMismatchException e) {
            throw new Refusal(SmimeFailure.INTEGRITY, "the content does not match the digest its signature covers (altered after signing)");
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new Refusal(SmimeFailure.BAD_SIGNATURE, "the signature cannot be verified (" + e.getClass().getSimpleName() + ")");
        }
        if (!valid) {
            throw new Refusal(SmimeFailure.BAD_SIGNATURE, "the signature does not verify with the " + which);
        }
    }

    private static void checkUsage(X509Certificate certificate, String which) throws Refusal {
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[KEY_USAGE_DIGITAL_SIGNATURE] && !keyUsage[KEY_USAGE_NON_REPUDIATION]) {
            throw new Refusal(SmimeFailure.CERTIFICATE_NOT_ALLOWED, which + ": key usage does not allow signing");
        }
        try {
            List<String> extendedKeyUsage = certificate.getExtendedKeyUsage();
            if (extendedKeyUsage != null && !extendedKeyUsage.contains(EKU_EMAIL_PROTECTION) && !extendedKeyUsage.contains(EKU_ANY)) {
                throw new Refusal(SmimeFailure.CERTIFICATE_NOT_ALLOWED, which + ": extended key usage does not allow email protection");
            }
        } catch (CertificateParsingException e) {
            throw new Refusal(SmimeFailure.CERTIFICATE_NOT_ALLOWED, which + ": unreadable extended key usage");
        }
    }

    private static Optional<Instant> signingTime(SignerInformation signerInfo) {
        if (signerInfo.getSignedAttributes() == null) {
            return Optional.empty();
        }
        Attribute attribute = signerInfo.getSignedAttributes().get(CMSAttributes.signingTime);
        if (attribute == null || attribute.getAttrValues().size() != 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(Time.getInstance(attribute.getAttrValues().getObjectAt(0)).getDate().toInstant());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private X509Certificate convert(X509CertificateHolder holder) throws Refusal {
        try {
            return certificates.getCertificate(holder);
        } catch (CertificateException e) {
            throw new Refusal(SmimeFailure.MALFORMED, "unreadable certificate in the message");
        }
    }

    // ---- MIME plumbing

    private Entity readBody(MimeMessage message) throws IOException, MessagingException {
        ByteSink sink = new ByteSink(Math.max(CHUNK, message.getSize() + 16), maxContentBytes);
        try (InputStream in = MimeEntities.rawBody(message)) {
            sink.readFrom(in);
        }
        return Entity.ofBody(InternetHeadersView.of(message), sink.array(), sink.size());
    }

    private static InputStream decode(InputStream encoded, String transferEncoding) throws MessagingException {
        String encoding = transferEncoding == null ? "7bit" : transferEncoding.strip().toLowerCase(Locale.ROOT);
        if (encoding.equals("base64")) {
            return new Base64DecodingInputStream(encoded);
        }
        return MimeUtility.decode(encoded, encoding);
    }

    private static ASN1ObjectIdentifier peekContentType(BufferedInputStream der) throws IOException, Refusal {
        der.mark(CHUNK);
        try {
            Object object = new ASN1StreamParser(der).readObject();
            if (!(object instanceof ASN1SequenceParser sequence)) {
                throw new Refusal(SmimeFailure.MALFORMED, "application/pkcs7-mime content is not a CMS ContentInfo");
            }
            return new ContentInfoParser(sequence).getContentType();
        } catch (IOException | RuntimeException e) {
            throw new Refusal(SmimeFailure.MALFORMED, "application/pkcs7-mime content is not a CMS ContentInfo");
        } finally {
            der.reset();
        }
    }

    /** The first part of a multipart/signed, hashed in canonical form (CRLF line ends). */
    private record CanonicalContent(byte[] buffer, int start, int end) implements CMSProcessable {
        @Override
        public void write(OutputStream out) throws IOException {
            CanonicalOutputStream canonical = new CanonicalOutputStream(out);
            for (int offset = start; offset < end; offset += CHUNK) {
                canonical.write(buffer, offset, Math.min(CHUNK, end - offset));
            }
            canonical.flush();
        }

        @Override
        public Object getContent() {
            return null;
        }
    }

    /** Header access over either a message or a parsed entity. */
    private interface InternetHeadersView {
        String get(String name);

        default String encoding() {
            return get("Content-Transfer-Encoding");
        }

        static InternetHeadersView of(MimeMessage message) {
            return name -> {
                try {
                    return message.getHeader(name, null);
                } catch (MessagingException e) {
                    return null;
                }
            };
        }

        static InternetHeadersView of(InternetHeaders headers) {
            return name -> headers.getHeader(name, null);
        }
    }

    /** A MIME entity in memory: headers parsed, body as a range of the buffer. */
    private record Entity(InternetHeaders headers, byte[] buffer, int bodyStart, int end) {
        static Entity parse(byte[] buffer, int start, int end) throws MessagingException {
            SharedByteArrayInputStream in = new SharedByteArrayInputStream(buffer, start, end - start);
            InternetHeaders headers = new InternetHeaders(in);
            return new Entity(headers, buffer, start + (int) in.getPosition(), end);
        }

        static Entity ofBody(InternetHeadersView view, byte[] buffer, int end) {
            InternetHeaders headers = new InternetHeaders();
            for (String name : new String[] {"Content-Type", "Content-Transfer-Encoding", "Content-Disposition"}) {
                String value = view.get(name);
                if (value != null) {
                    headers.setHeader(name, value);
                }
            }
            return new Entity(headers, buffer, 0, end);
        }

        InternetHeadersView headersView() {
            return InternetHeadersView.of(headers);
        }

        InputStream body() {
            return new ByteArrayInputStream(buffer, bodyStart, end - bodyStart);
        }

        SharedByteArrayInputStream sharedBody() {
            return new SharedByteArrayInputStream(buffer, bodyStart, end - bodyStart);
        }
    }
}
