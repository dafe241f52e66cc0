package org.santegateway.pki;

/** How the revocation of the certificates of a signer's chain is checked. */
public enum RevocationPolicy {
    /**
     * Fail closed (the default): every certificate of the chain below the trust anchor must be
     * covered by a current CRL of its issuer among the configured CRLs (thisUpdate passed,
     * nextUpdate not passed). A revoked certificate gives {@code REVOKED}; a missing or expired
     * CRL gives {@code REVOCATION_UNKNOWN}, a temporary failure that clears when the CRL is
     * refreshed. Nothing is fetched from the network (no CRL distribution point,
     * no OCSP): the CRLs are configured files, refreshed by a job outside the message path.
     */
    REQUIRE_CRL,
    /** No revocation check: for tests and for a PKI that publishes no CRL. Logged at startup by the caller. */
    NONE
}
