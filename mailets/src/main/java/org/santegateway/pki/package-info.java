/**
 * Certificates below every feature that uses them: {@link org.santegateway.pki.PemFiles} (the one
 * reader and writer of PEM certificates, CRLs and keys), {@link org.santegateway.pki.CertificatePathValidator}
 * (path to a trust anchor, PKIX validation with CRLs), {@link org.santegateway.pki.VerificationTrust}
 * and {@link org.santegateway.pki.RevocationPolicy}. S/MIME ({@code smime}) and the trust space
 * ({@code trust}) build on it; it depends on no other package of the gateway.
 */
package org.santegateway.pki;
