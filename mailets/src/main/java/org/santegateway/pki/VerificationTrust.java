package org.santegateway.pki;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What signatures are verified against: the trust anchors (IGC-Santé roots, or the test CA), the
 * intermediate CA certificates that senders may omit, and the CRLs. Immutable; the
 * inbound engine takes a supplier of it so that refreshed CRLs can be swapped in.
 */
public final class VerificationTrust {
    private final Set<X509Certificate> anchors;
    private final List<X509Certificate> intermediates;
    private final List<X509CRL> crls;
    private final RevocationPolicy revocationPolicy;
    private final Set<TrustAnchor> trustAnchors;
    private final CertStore crlStore;

    private VerificationTrust(Set<X509Certificate> anchors, List<X509Certificate> intermediates, List<X509CRL> crls,
                              RevocationPolicy revocationPolicy) {
        this.anchors = anchors;
        this.intermediates = intermediates;
        this.crls = crls;
        this.revocationPolicy = revocationPolicy;
        Set<TrustAnchor> trustAnchors = new LinkedHashSet<>();
        anchors.forEach(anchor -> trustAnchors.add(new TrustAnchor(anchor, null)));
        this.trustAnchors = Set.copyOf(trustAnchors);
        try {
            List<Object> storeContent = new ArrayList<>(crls);
            storeContent.addAll(intermediates);
            this.crlStore = CertStore.getInstance("Collection", new CollectionCertStoreParameters(storeContent));
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's Collection CertStore is missing", e);
        }
    }

    public static VerificationTrust of(Collection<X509Certificate> anchors, Collection<X509Certificate> intermediates,
                                       Collection<X509CRL> crls, RevocationPolicy revocationPolicy) {
        Objects.requireNonNull(revocationPolicy, "revocationPolicy");
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is needed");
        }
        return new VerificationTrust(Set.copyOf(new LinkedHashSet<>(anchors)), List.copyOf(intermediates), List.copyOf(crls), revocationPolicy);
    }

    public Set<X509Certificate> anchors() {
        return anchors;
    }

    public List<X509Certificate> intermediates() {
        return intermediates;
    }

    public List<X509CRL> crls() {
        return crls;
    }

    public RevocationPolicy revocationPolicy() {
        return revocationPolicy;
    }

    Set<TrustAnchor> trustAnchors() {
        return trustAnchors;
    }

    CertStore certStore() {
        return crlStore;
    }
}
