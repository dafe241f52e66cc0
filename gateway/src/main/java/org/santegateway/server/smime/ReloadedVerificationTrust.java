package org.santegateway.server.smime;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

import org.santegateway.pki.RevocationPolicy;
import org.santegateway.pki.VerificationTrust;
import org.santegateway.trust.ReloadingCrls;

/**
 * The verification trust of inbound S/MIME with the CRLs in force: a new {@link VerificationTrust}
 * is built when {@link ReloadingCrls} swaps its CRLs, so that a refreshed CRL file takes effect
 * without a restart.
 */
final class ReloadedVerificationTrust implements Supplier<VerificationTrust> {
    private final List<X509Certificate> anchors;
    private final List<X509Certificate> intermediates;
    private final RevocationPolicy policy;
    private final ReloadingCrls crls;
    private volatile VerificationTrust current;

    ReloadedVerificationTrust(List<X509Certificate> anchors, List<X509Certificate> intermediates, RevocationPolicy policy,
                              ReloadingCrls crls) {
        this.anchors = List.copyOf(anchors);
        this.intermediates = List.copyOf(intermediates);
        this.policy = policy;
        this.crls = crls;
        this.current = VerificationTrust.of(this.anchors, this.intermediates, crls.crls(), policy);
    }

    @Override
    public VerificationTrust get() {
        List<X509CRL> inForce = crls.crls();
        VerificationTrust trust = current;
        if (trust.crls() != inForce && !trust.crls().equals(inForce)) {
            trust = VerificationTrust.of(anchors, intermediates, inForce, policy);
            current = trust;
        }
        return trust;
    }
}
