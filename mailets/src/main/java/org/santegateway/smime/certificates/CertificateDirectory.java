package org.santegateway.smime.certificates;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Where the outbound mailet finds the certificate to encrypt a message for a recipient: the
 * recipient's own, else its domain's. Implementations return only certificates usable for
 * encryption now (valid, RSA of at least {@value #MIN_RSA_BITS} bits, key encipherment allowed).
 */
public interface CertificateDirectory {
    /** The smallest RSA key the engine uses or accepts, for signers and recipients alike. */
    int MIN_RSA_BITS = 2048;

    /**
     * Whom to encrypt for when writing to the address ({@code local@domain}): its certificate,
     * falling back to its domain's, with the content encryption and key transport its software
     * announced it reads (see {@link SmimeCapabilities}).
     */
    Optional<EncryptionRecipient> findEncryptionRecipient(String address);

    /** The encryption certificate for the address, falling back to its domain's. */
    default Optional<X509Certificate> findEncryptionCertificate(String address) {
        return findEncryptionRecipient(address).map(EncryptionRecipient::certificate);
    }

    /**
     * Learns the certificate of a verified signer for the addresses it names, and the capabilities
     * its signature announced, so that replies can be encrypted to the sender in a form its
     * software reads. Only certificates whose path was verified reach here.
     */
    void learn(VerifiedSigner signer);
}
