package org.santegateway.trust;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.santegateway.pki.CertificatePathValidator;
import org.santegateway.pki.RevocationPolicy;

/**
 * Revocation of the certificates other operators present in TLS, both ways (the operators'
 * SMTP port and the relay): the chain the peer presented, leaf first, is validated by the JDK's
 * PKIX validator against the trust anchors with the CRLs in force ({@link ReloadingCrls}), CRLs
 * only (no OCSP, nothing fetched from the network). With {@link RevocationPolicy#REQUIRE_CRL}
 * every certificate of the chain below the anchor must be covered by a current CRL of its issuer
 * (fail closed); with {@link RevocationPolicy#NONE} nothing is checked.
 *
 * <p>The TLS layer has already checked the chain itself; this adds what it cannot know: the
 * CRLs, which change without a restart.</p>
 */
public final class OperatorCertificateRevocation {
    static final int MAX_CACHED_VERDICTS = 1_000;
    static final Duration MAX_CACHE_AGE = Duration.ofMinutes(10);

    private final RevocationPolicy policy;
    private final List<X509Certificate> anchors;
    private final List<X509Certificate> intermediates;
    private final Set<TrustAnchor> trustAnchors;
    private final Supplier<List<X509CRL>> crls;
    private final Clock clock;
    private volatile Cached cached;
    private final Map<List<X509Certificate>, CachedVerdict> verdicts = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<List<X509Certificate>, CachedVerdict> eldest) {
            return size() > MAX_CACHED_VERDICTS;
        }
    };

    /** The outcome of a check; {@code detail} names the certificate by its position and serial, never by its subject. */
    public record Verdict(Outcome outcome, String detail) {
        public boolean refused() {
            return outcome == Outcome.REVOKED || outcome == Outcome.NO_CURRENT_CRL || outcome == Outcome.INVALID;
        }
    }

    public enum Outcome {
        /** Every certificate below the anchor is covered by a current CRL that does not list it. */
        GOOD,
        /** A certificate of the chain is on its issuer's CRL. */
        REVOKED,
        /** A certificate of the chain has no current CRL from its issuer (missing, expired): fail closed. */
        NO_CURRENT_CRL,
        /** The chain does not validate to a trust anchor. */
        INVALID,
        /** Revocation is not checked ({@link RevocationPolicy#NONE}). */
        NOT_CHECKED
    }

    private record Cached(List<X509CRL> crls, CertStore store) {
    }

    /** A good or revoked verdict, valid for these CRLs until {@code until}. */
    private record CachedVerdict(List<X509CRL> crls, Instant until, Verdict verdict) {
    }

    public OperatorCertificateRevocation(RevocationPolicy policy, Collection<X509Certificate> anchors,
                                         Collection<X509Certificate> intermediates, Supplier<List<X509CRL>> crls, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.anchors = List.copyOf(anchors);
        this.intermediates = List.copyOf(intermediates);
        this.crls = Objects.requireNonNull(crls, "crls");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.anchors.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is needed");
        }
        Set<TrustAnchor> trust = new LinkedHashSet<>();
        this.anchors.forEach(anchor -> trust.add(new TrustAnchor(anchor, null)));
        this.trustAnchors = Set.copyOf(trust);
    }

    public RevocationPolicy policy() {
        return policy;
    }

    /** Checks the chain a peer presented, leaf first (the anchor itself may be included or not). */
    public Verdict check(List<X509Certificate> presented) {
        if (policy == RevocationPolicy.NONE) {
            return new Verdict(Outcome.NOT_CHECKED, "revocation not checked");
        }
        if (presented.isEmpty()) {
            return new Verdict(Outcome.INVALID, "no certificate");
        }
        // The JDK checks the CRL's signature again at every validation (about 1 ms for a CRL of
        // 10,000 entries): a verdict is reused while the CRLs in force are the same ones and none of
        // them nor a certificate of the chain has expired since.
        List<X509CRL> current = crls.get();
        Instant now = clock.instant();
        List<X509Certificate> key = List.copyOf(presented);
        synchronized (verdicts) {
            CachedVerdict known = verdicts.get(key);
            if (known != null && known.crls() == current && now.isBefore(known.until())) {
                return known.verdict();
            }
        }
        Verdict verdict = validate(presented, current, now);
        if (verdict.outcome() == Outcome.GOOD || verdict.outcome() == Outcome.REVOKED) {
            Instant until = now.plus(MAX_CACHE_AGE);
            for (X509CRL crl : current) {
                if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(until)) {
                    until = crl.getNextUpdate().toInstant();
                }
            }
            for (X509Certificate certificate : presented) {
                if (certificate.getNotAfter().toInstant().isBefore(until)) {
                    until = certificate.getNotAfter().toInstant();
                }
            }
            synchronized (verdicts) {
                verdicts.put(key, new CachedVerdict(current, until, verdict));
            }
        }
        return verdict;
    }

    private Verdict validate(List<X509Certificate> presented, List<X509CRL> current, Instant now) {
        List<X509Certificate> path = path(presented);
        if (path.isEmpty()) {
            return new Verdict(Outcome.INVALID, "no path from the certificate (serial " + serial(presented.get(0)) + ") to a trust anchor");
        }
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXParameters parameters = new PKIXParameters(trustAnchors);
            parameters.setDate(Date.from(now));
            parameters.addCertStore(store(current));
            PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
            // CRLs only, from the configured files: no OCSP, no download from distribution points.
            revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
            parameters.setRevocationEnabled(true);
            parameters.addCertPathChecker(revocation);
            validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return new Verdict(Outcome.GOOD, "not revoked");
        } catch (CertPathValidatorException e) {
            String which = e.getIndex() >= 0 && e.getIndex() < path.size()
                ? (e.getIndex() == 0 ? "certificate" : "CA certificate " + e.getIndex() + " of the chain")
                    + " (serial " + serial(path.get(e.getIndex())) + ")"
                : "certificate chain";
            if (e.getReason() == CertPathValidatorException.BasicReason.REVOKED) {
                return new Verdict(Outcome.REVOKED, which + " is revoked");
            }
            if (e.getReason() == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
                return new Verdict(Outcome.NO_CURRENT_CRL, which + ": no current CRL from its issuer");
            }
            return new Verdict(Outcome.INVALID, which + " does not validate to a trust anchor (" + e.getReason() + ")");
        } catch (GeneralSecurityException e) {
            return new Verdict(Outcome.INVALID, "certificate chain cannot be validated (" + e.getClass().getSimpleName() + ")");
        }
    }

    private CertStore store(List<X509CRL> current) throws InvalidAlgorithmParameterException, NoSuchAlgorithmException {
        Cached known = cached;
        if (known != null && known.crls() == current) {
            return known.store();
        }
        List<Object> content = new ArrayList<>(current);
        content.addAll(intermediates);
        CertStore store = CertStore.getInstance("Collection", new CollectionCertStoreParameters(content));
        cached = new Cached(current, store);
        return store;
    }

    /** From the leaf up to (not including) the anchor, by issuer name and signature; empty when there is none. */
    private List<X509Certificate> path(List<X509Certificate> presented) {
        Set<X509Certificate> pool = new LinkedHashSet<>(presented.subList(1, presented.size()));
        pool.addAll(intermediates);
        return CertificatePathValidator.pathToAnchor(presented.get(0), pool, anchors).orElse(List.of());
    }

    private static String serial(X509Certificate certificate) {
        return certificate.getSerialNumber().toString(16);
    }
}
