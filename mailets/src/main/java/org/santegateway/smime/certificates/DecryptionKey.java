package org.santegateway.smime.certificates;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A private key the gateway holds (a user's or a domain's) with the certificate senders encrypt to. */
public record DecryptionKey(PrivateKey privateKey, X509Certificate certificate) {
    public DecryptionKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }

    @Override
    public String toString() {
        return "DecryptionKey[serial=" + certificate.getSerialNumber().toString(16) + "]";
    }
}
