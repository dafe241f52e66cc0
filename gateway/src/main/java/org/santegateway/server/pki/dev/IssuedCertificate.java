package org.santegateway.server.pki.dev;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

import org.santegateway.pki.PemFiles;

/**
 * An end-entity certificate issued by the {@link DevelopmentCertificateAuthority}, with its key pair.
 *
 * <p>{@link #toString()} names the certificate only: the private key never ends up in a log line.</p>
 */
public record IssuedCertificate(KeyPair keyPair, X509Certificate certificate, X509Certificate issuer) {

    public IssuedCertificate {
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(issuer, "issuer");
    }

    /** The chain as a TLS peer presents it: this certificate first, then its issuer. */
    public List<X509Certificate> chain() {
        return List.of(certificate, issuer);
    }

    /**
     * Writes the chain (PEM, leaf first) and the PKCS#8 private key (PEM, owner-only permissions), each atomically.
     * The directory of each file must exist.
     */
    public void writeTo(Path certificateChainFile, Path privateKeyFile) throws IOException {
        // The key first, so that a certificate file never exists without its key.
        PemFiles.writePrivateKey(privateKeyFile, keyPair.getPrivate());
        PemFiles.writeCertificates(certificateChainFile, chain());
    }

    @Override
    public String toString() {
        return "IssuedCertificate{subject=" + certificate.getSubjectX500Principal().getName()
            + ", serial=" + certificate.getSerialNumber().toString(16)
            + ", issuer=" + issuer.getSubjectX500Principal().getName() + "}";
    }
}
