package org.santegateway.smime;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Optional;

import javax.crypto.BadPaddingException;
import javax.mail.MessagingException;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAuthEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSTypedStream;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.santegateway.smime.InboundMime.Entity;
import org.santegateway.smime.certificates.DecryptionKey;
import org.santegateway.smime.certificates.DecryptionKeyLookup;
import org.santegateway.smime.cms.AlgorithmPolicy;
import org.santegateway.smime.cms.AlgorithmRefusedException;
import org.santegateway.smime.cms.JdkKeyTransRecipient;
import org.santegateway.smime.mime.ByteSink;

/**
 * The decryption layer of {@link SmimeInbound}: opens an EnvelopedData (AES-CBC) or
 * AuthEnvelopedData (AES-GCM) with the first held key that matches a recipient entry, streaming
 * the ciphertext through the cipher into one plaintext buffer of bounded size.
 *
 * <p>Content that fails its GCM tag or CBC padding check is refused as
 * {@link SmimeFailure#INTEGRITY} (altered after encryption), not as
 * {@link SmimeFailure#CANNOT_DECRYPT} (not for us). Thread-safe.</p>
 */
final class EnvelopeDecryptor {
    private final SecureRandom random;
    private final long maxContentBytes;

    /**
     * @param random          for the substitute content key of RSA PKCS#1 v1.5 (see {@link JdkKeyTransRecipient})
     * @param maxContentBytes limit on the plaintext held in memory
     */
    EnvelopeDecryptor(SecureRandom random, long maxContentBytes) {
        this.random = random;
        this.maxContentBytes = maxContentBytes;
    }

    /** The plaintext entity and the name of the content encryption, e.g. {@code AES-256-GCM}. */
    record Decrypted(Entity content, String algorithm) {
    }

    /**
     * @param der           the CMS ContentInfo, decoded from its transfer encoding
     * @param authenticated AuthEnvelopedData (else EnvelopedData), as the ContentInfo says
     * @throws ByteSink.LimitExceededException when the plaintext exceeds the limit
     */
    Decrypted decrypt(InputStream der, boolean authenticated, DecryptionKeyLookup keys)
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
            ByteSink plaintext = new ByteSink(InboundMime.CHUNK, maxContentBytes);
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
}
