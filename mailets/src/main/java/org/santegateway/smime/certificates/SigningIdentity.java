package org.santegateway.smime.certificates;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The key and certificate a message is signed with (a user's, or the domain's).
 *
 * @param privateKey   RSA private key
 * @param certificate  its certificate
 * @param chain        intermediate certificates to include in the signature so that the recipient
 *                     can build the path (the root is not needed); may be empty
 */
public record SigningIdentity(PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> chain) {
    public SigningIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        chain = List.copyOf(chain);
    }

    public static SigningIdentity of(PrivateKey privateKey, X509Certificate certificate) {
        return new SigningIdentity(privateKey, certificate, List.of());
    }
}
