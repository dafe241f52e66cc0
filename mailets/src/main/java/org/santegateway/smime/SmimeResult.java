package org.santegateway.smime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.santegateway.smime.certificates.VerifiedSigner;

/** What {@link SmimeInbound#unwrap} did with a message. */
public sealed interface SmimeResult {

    /** A protection layer removed from the message, outermost first. */
    enum Layer {
        /** Decrypted (EnvelopedData or AuthEnvelopedData). */
        DECRYPTED,
        /** Signature and signer path verified (multipart/signed or opaque SignedData). */
        SIGNATURE_VERIFIED
    }

    /**
     * The message with its protection removed: the original outer headers (From, To, Subject,
     * Message-ID...) and the inner content. When the message was not S/MIME at all, {@code layers}
     * is empty and {@code message} is the input itself.
     *
     * @param message           the unwrapped message
     * @param layers            what was removed, outermost first
     * @param signer            the verified signer, when the message was signed
     * @param contentEncryption the content encryption of the envelope, e.g. {@code AES-256-GCM}
     */
    record Unwrapped(MimeMessage message, List<Layer> layers, Optional<VerifiedSigner> signer, Optional<String> contentEncryption)
        implements SmimeResult {
        public Unwrapped {
            Objects.requireNonNull(message, "message");
            layers = List.copyOf(layers);
        }

        public boolean wasEncrypted() {
            return layers.contains(Layer.DECRYPTED);
        }

        public boolean wasSigned() {
            return signer.isPresent();
        }

        /** Whether the signature is inside the encryption (signed, then encrypted): the signer vouches for the content. */
        public boolean signedThenEncrypted() {
            int decrypted = layers.indexOf(Layer.DECRYPTED);
            return decrypted >= 0 && layers.lastIndexOf(Layer.SIGNATURE_VERIFIED) > decrypted;
        }
    }

    /**
     * The message was refused: fail closed. The detail names the defect with identifiers only
     * (certificate serial numbers, algorithm names), never content.
     */
    record Refused(SmimeFailure failure, String detail) implements SmimeResult {
        public Refused {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
