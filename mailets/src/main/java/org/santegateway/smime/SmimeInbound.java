package org.santegateway.smime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.ParseException;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.cms.CMSException;
import org.santegateway.pki.VerificationTrust;
import org.santegateway.smime.InboundMime.Entity;
import org.santegateway.smime.InboundMime.HeadersView;
import org.santegateway.smime.certificates.DecryptionKeyLookup;
import org.santegateway.smime.certificates.VerifiedSigner;
import org.santegateway.smime.cms.AlgorithmRefusedException;
import org.santegateway.smime.mime.AssembledMimeMessage;
import org.santegateway.smime.mime.ByteSink;
import org.santegateway.smime.mime.MimeEntities;

/**
 * Opens incoming S/MIME messages: decrypts them with a held key, verifies their signature and the
 * signer's certificate path, and returns the inner message or a typed refusal
 * ({@link SmimeResult}). Fail closed: anything that cannot be fully checked is refused.
 *
 * <p>Handles, nested in any order up to {@value #MAX_LAYERS} layers: {@code application/pkcs7-mime}
 * EnvelopedData (AES-CBC) and AuthEnvelopedData (AES-GCM), {@code multipart/signed} and opaque
 * SignedData. The CMS content type is read from the data, not trusted from {@code smime-type}.
 * The algorithms allowed are those of {@link org.santegateway.smime.cms.AlgorithmPolicy}; SHA-1 signatures and 3DES/RC2
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
 *
 * <p>This class walks the layers and decides what each one is; {@link EnvelopeDecryptor} opens
 * the encrypted ones, {@link SignatureVerifier} the signed ones, both over the in-memory entities
 * of {@link InboundMime}.</p>
 */
public final class SmimeInbound {
    public static final long DEFAULT_MAX_CONTENT_BYTES = 64L * 1024 * 1024;
    static final int MAX_LAYERS = 4;

    private final long maxContentBytes;
    private final EnvelopeDecryptor decryptor;
    private final SignatureVerifier verifier;

    /**
     * @param trust           the anchors, intermediates and CRLs in force (asked for each message,
     *                        so that refreshed CRLs apply at once)
     * @param maxContentBytes limit on a decrypted or signed content held in memory
     */
    public SmimeInbound(Supplier<VerificationTrust> trust, Clock clock, long maxContentBytes, SecureRandom random) {
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        if (maxContentBytes <= 0) {
            throw new IllegalArgumentException("maxContentBytes must be positive");
        }
        this.maxContentBytes = maxContentBytes;
        this.decryptor = new EnvelopeDecryptor(random, maxContentBytes);
        this.verifier = new SignatureVerifier(trust, clock, maxContentBytes);
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
            HeadersView headers = current == null ? HeadersView.of(message) : HeadersView.of(current.headers());
            ContentType contentType = contentType(headers);
            Kind kind = kind(contentType, headers);
            if (kind == Kind.NONE) {
                break;
            }
            if (layers.size() >= MAX_LAYERS) {
                throw new Refusal(SmimeFailure.MALFORMED, "more than " + MAX_LAYERS + " nested S/MIME layers");
            }
            if (kind == Kind.MULTIPART_SIGNED) {
                Entity body = current != null ? current : InboundMime.readBody(message, maxContentBytes);
                SignatureVerifier.Verified verified = verifier.verifyDetached(contentType, body);
                current = verified.content();
                signer = verified.signer();
                layers.add(SmimeResult.Layer.SIGNATURE_VERIFIED);
                continue;
            }
            InputStream encoded = current != null ? current.body() : MimeEntities.rawBody(message);
            BufferedInputStream der = new BufferedInputStream(InboundMime.decode(encoded, headers.encoding()), InboundMime.CHUNK);
            ASN1ObjectIdentifier type = InboundMime.peekContentType(der);
            if (type.equals(CMSObjectIdentifiers.envelopedData) || type.equals(CMSObjectIdentifiers.authEnvelopedData)) {
                EnvelopeDecryptor.Decrypted decrypted = decryptor.decrypt(der, type.equals(CMSObjectIdentifiers.authEnvelopedData), keys);
                current = decrypted.content();
                contentEncryption = decrypted.algorithm();
                layers.add(SmimeResult.Layer.DECRYPTED);
            } else if (type.equals(CMSObjectIdentifiers.signedData)) {
                SignatureVerifier.Verified verified = verifier.verifyOpaque(der);
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

    private static Kind kind(ContentType contentType, HeadersView headers) {
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

    private static ContentType contentType(HeadersView headers) throws Refusal {
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
}
