package org.santegateway.pki;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the path from a signer's certificate to a configured trust anchor and validates it with
 * the JDK's PKIX validator (validity at the given instant, CA constraints, key usage of the CAs,
 * signatures, revocation per {@link RevocationPolicy}).
 *
 * <p>The path is built here rather than by the JDK's {@code CertPathBuilder}, which reports every
 * failure as "unable to find valid certification path": building it by issuer name and signature,
 * then validating it, tells a revoked certificate from an expired one and from an unknown CA.</p>
 */
public final class CertificatePathValidator {
    private static final int MAX_PATH = 8;

    private CertificatePathValidator() {
    }

    /** The path from the signer up to (not including) the anchor, validated; or why not. */
    public static List<X509Certificate> validate(X509Certificate signer, Collection<X509Certificate> supplied, VerificationTrust trust,
                                          Instant at) throws CertificatePathException {
        List<X509Certificate> path = build(signer, supplied, trust);
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXParameters parameters = new PKIXParameters(trust.trustAnchors());
            parameters.setDate(Date.from(at));
            parameters.addCertStore(trust.certStore());
            if (trust.revocationPolicy() == RevocationPolicy.REQUIRE_CRL) {
                PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
                // CRLs only, from the configured store: no OCSP, no download from distribution points.
                revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
                parameters.setRevocationEnabled(true);
                parameters.addCertPathChecker(revocation);
            } else {
                parameters.setRevocationEnabled(false);
            }
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            validator.validate(certPath, parameters);
            return List.copyOf(path);
        } catch (CertPathValidatorException e) {
            throw refusal(e, path);
        } catch (GeneralSecurityException e) {
            throw new CertificatePathException(CertificatePathException.Reason.UNKNOWN_CA, "certification path cannot be validated (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<X509Certificate> build(X509Certificate signer, Collection<X509Certificate> supplied, VerificationTrust trust)
        throws CertificatePathException {
        Set<X509Certificate> pool = new LinkedHashSet<>(supplied);
        pool.addAll(trust.intermediates());
        return pathToAnchor(signer, pool, trust.anchors()).orElseThrow(() -> new CertificatePathException(CertificatePathException.Reason.UNKNOWN_CA,
            "no path of at most " + MAX_PATH + " certificates from the signer certificate (serial "
                + signer.getSerialNumber().toString(16) + ") to a trust anchor"));
    }

    /**
     * The path from {@code leaf} up to (not including) one of the anchors, leaf first, through
     * certificates of {@code pool}, each link checked by issuer name and signature; empty when
     * there is none of at most {@value #MAX_PATH} certificates. Validity, usage and revocation are
     * left to the PKIX validation of the path.
     */
    public static Optional<List<X509Certificate>> pathToAnchor(X509Certificate leaf, Collection<X509Certificate> pool,
                                                               Collection<X509Certificate> anchors) {
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        X509Certificate current = leaf;
        while (path.size() <= MAX_PATH) {
            for (X509Certificate anchor : anchors) {
                if (issued(anchor, current)) {
                    return Optional.of(path);
                }
            }
            X509Certificate next = null;
            for (X509Certificate candidate : pool) {
                if (!path.contains(candidate) && issued(candidate, current)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            path.add(next);
            current = next;
        }
        return Optional.empty();
    }

    /** Whether {@code issuer} issued {@code certificate}: its name, and its key verifies the signature. */
    public static boolean issued(X509Certificate issuer, X509Certificate certificate) {
        if (!issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        PublicKey key = issuer.getPublicKey();
        try {
            certificate.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static CertificatePathException refusal(CertPathValidatorException e, List<X509Certificate> path) {
        String which = e.getIndex() >= 0 && e.getIndex() < path.size()
            ? (e.getIndex() == 0 ? "signer certificate" : "CA certificate " + e.getIndex() + " of the path")
              + " (serial " + path.get(e.getIndex()).getSerialNumber().toString(16) + ")"
            : "certification path";
        CertPathValidatorException.Reason reason = e.getReason();
        if (reason == CertPathValidatorException.BasicReason.REVOKED) {
            return new CertificatePathException(CertificatePathException.Reason.REVOKED, which + " is revoked");
        }
        if (reason == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
            return new CertificatePathException(CertificatePathException.Reason.REVOCATION_UNKNOWN, which + ": no current CRL from its issuer");
        }
        if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
            return new CertificatePathException(CertificatePathException.Reason.EXPIRED, which + " is expired");
        }
        if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return new CertificatePathException(CertificatePathException.Reason.EXPIRED, which + " is not yet valid");
        }
        if (reason == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
            return new CertificatePathException(CertificatePathException.Reason.WEAK_ALGORITHM, which + " uses a disabled algorithm");
        }
        if (reason == PKIXReason.INVALID_KEY_USAGE || reason == PKIXReason.NOT_CA_CERT || reason == PKIXReason.PATH_TOO_LONG
            || reason == PKIXReason.INVALID_POLICY || reason == PKIXReason.INVALID_NAME || reason == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            return new CertificatePathException(CertificatePathException.Reason.NOT_ALLOWED, which + ": " + reason.toString().toLowerCase().replace('_', ' '));
        }
        return new CertificatePathException(CertificatePathException.Reason.UNKNOWN_CA, which + " does not validate to a trust anchor");
    }
}
