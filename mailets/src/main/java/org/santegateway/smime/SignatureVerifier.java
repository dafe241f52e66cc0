package org.santegateway.smime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.mail.MessagingException;
import javax.mail.internet.ContentType;

import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
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
import org.santegateway.smime.InboundMime.Entity;
import org.santegateway.smime.certificates.SmimeCapabilities;
import org.santegateway.smime.certificates.VerifiedSigner;
import org.santegateway.smime.cms.AlgorithmPolicy;
import org.santegateway.smime.cms.AlgorithmRefusedException;
import org.santegateway.smime.cms.JcaProviders;
import org.santegateway.smime.mime.ByteSink;
import org.santegateway.smime.mime.CanonicalOutputStream;

/**
 * The signature layer of {@link SmimeInbound}: verifies a {@code multipart/signed} body (the
 * signed part hashed as the exact bytes received, in canonical form) or an opaque SignedData, and
 * returns the signed content with its signer.
 *
 * <p>Every SignerInfo must verify (allowed digest and signature algorithm, key size, digest,
 * signature value, signer key usage: digital signature or non-repudiation, extended key usage if
 * present: email protection) and its certificate must validate to a trust anchor of the
 * {@link VerificationTrust} in force at the current time, revocation included. Of several
 * SignerInfos, the first is the one reported. Thread-safe.</p>
 */
final class SignatureVerifier {
    private static final int MAX_SIGNATURE_BYTES = 1024 * 1024;
    private static final int KEY_USAGE_DIGITAL_SIGNATURE = 0;
    private static final int KEY_USAGE_NON_REPUDIATION = 1;
    private static final String EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String EKU_ANY = "2.5.29.37.0";

    private final Supplier<VerificationTrust> trust;
    private final Clock clock;
    private final long maxContentBytes;
    private final DigestCalculatorProvider digests = JcaProviders.digestCalculators();
    private final JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
    // Builders are reusable (each build() makes a new verifier): made once, they spare a lookup table per message.
    private final JcaSignerInfoVerifierBuilder verifiers = new JcaSignerInfoVerifierBuilder(digests);
    private final JcaSignerInfoVerifierBuilder pssVerifiers = new JcaSignerInfoVerifierBuilder(digests).setProvider(JcaProviders.pssVerification());

    /**
     * @param trust           the anchors, intermediates and CRLs in force, asked for each message
     * @param maxContentBytes limit on an opaque signed content held in memory
     */
    SignatureVerifier(Supplier<VerificationTrust> trust, Clock clock, long maxContentBytes) {
        this.trust = trust;
        this.clock = clock;
        this.maxContentBytes = maxContentBytes;
    }

    /** The signed content and who signed it. */
    record Verified(Entity content, VerifiedSigner signer) {
    }

    /** Verifies a multipart/signed entity; the content returned is a slice of its buffer. */
    Verified verifyDetached(ContentType contentType, Entity multipart)
        throws Refusal, AlgorithmRefusedException, CMSException, IOException, MessagingException {
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
        try (InputStream in = InboundMime.decode(signaturePart.body(), signaturePart.headersView().encoding())) {
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

    /** Verifies an opaque SignedData, given as its decoded CMS ContentInfo. */
    Verified verifyOpaque(InputStream der) throws Refusal, AlgorithmRefusedException, CMSException, IOException, MessagingException {
        CMSSignedDataParser parser = new CMSSignedDataParser(digests, der);
        CMSTypedStream content = parser.getSignedContent();
        if (content == null) {
            throw new Refusal(SmimeFailure.MALFORMED, "signed-data without content");
        }
        ByteSink sink = new ByteSink(InboundMime.CHUNK, maxContentBytes);
        try (InputStream in = content.getContentStream()) {
            sink.readFrom(in);
        }
        @SuppressWarnings("unchecked") // Bouncy Castle's parser returns a raw Store of certificate holders.
        Store<X509CertificateHolder> certificateStore = parser.getCertificates();
        VerifiedSigner signer = verifySigners(parser.getSignerInfos(), certificateStore);
        return new Verified(Entity.parse(sink.array(), 0, sink.size()), signer);
    }

    @SuppressWarnings("unchecked")
    private VerifiedSigner verifySigners(SignerInformationStore signerInfos, Store<X509CertificateHolder> certificateStore)
        throws Refusal, AlgorithmRefusedException {
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

    /** The first part of a multipart/signed, hashed in canonical form (CRLF line ends). */
    private record CanonicalContent(byte[] buffer, int start, int end) implements CMSProcessable {
        @Override
        public void write(OutputStream out) throws IOException {
            CanonicalOutputStream canonical = new CanonicalOutputStream(out);
            for (int offset = start; offset < end; offset += InboundMime.CHUNK) {
                canonical.write(buffer, offset, Math.min(InboundMime.CHUNK, end - offset));
            }
            canonical.flush();
        }

        @Override
        public Object getContent() {
            return null;
        }
    }
}
