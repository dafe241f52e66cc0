package org.santegateway.smime;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Where the outbound mailet finds the certificate to encrypt a message for a recipient: the
 * recipient's own, else its domain's. Implementations return only certificates usable for
 * encryption now (valid, RSA of at least 2048 bits, key encipherment allowed).
 */
public interface CertificateDirectory {
    /** The encryption certificate for the address ({@code local@domain}), falling back to its domain's. */
    Optional<X509Certificate> findEncryptionCertificate(String address);

    /**
     * Learns the certificate of a verified signer for the addresses it names, so that replies can
     * be encrypted to the sender. Only certificates whose path was verified reach here.
     */
    void learn(VerifiedSigner signer);
}
