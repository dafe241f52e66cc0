package org.santegateway.smime;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CertificateDirectory} from configured PEM files, keyed by address
 * ({@code dr.martin@hopital.fr}) or by domain ({@code hopital.fr}), plus the certificates learnt
 * from verified signed mail. Lookup order for an address: configured for the address, learnt for
 * the address, configured for its domain; the first usable one wins (an expired configured
 * certificate falls through to a learnt one). Thread-safe.
 *
 * <p>Learnt certificates are kept in memory, at most {@code maxLearned} addresses; a newer
 * certificate (later notBefore) replaces an older one for the same address.</p>
 */
public final class PemCertificateDirectory implements CertificateDirectory {
    private static final int KEY_USAGE_KEY_ENCIPHERMENT = 2;
    private static final String EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String EKU_ANY = "2.5.29.37.0";

    private final Map<String, X509Certificate> configured;
    private final Map<String, X509Certificate> learned = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxLearned;

    private PemCertificateDirectory(Map<String, X509Certificate> configured, Clock clock, int maxLearned) {
        this.configured = configured;
        this.clock = clock;
        this.maxLearned = maxLearned;
    }

    /**
     * @param files address or domain to the PEM file of its certificate (the first certificate of
     *              the file is used)
     * @throws IOException naming the file that cannot be read
     */
    public static PemCertificateDirectory load(Map<String, Path> files, Clock clock, int maxLearned) throws IOException {
        Map<String, X509Certificate> configured = new HashMap<>();
        for (Map.Entry<String, Path> entry : files.entrySet()) {
            configured.put(normalize(entry.getKey()), PemFiles.certificate(entry.getValue()));
        }
        return of(configured, clock, maxLearned);
    }

    public static PemCertificateDirectory of(Map<String, X509Certificate> certificates, Clock clock, int maxLearned) {
        Objects.requireNonNull(clock, "clock");
        if (maxLearned < 0) {
            throw new IllegalArgumentException("maxLearned must not be negative");
        }
        Map<String, X509Certificate> configured = new HashMap<>();
        certificates.forEach((key, certificate) -> configured.put(normalize(key), certificate));
        return new PemCertificateDirectory(Map.copyOf(configured), clock, maxLearned);
    }

    @Override
    public Optional<X509Certificate> findEncryptionCertificate(String address) {
        String normalized = normalize(address);
        int at = normalized.lastIndexOf('@');
        String domain = at >= 0 ? normalized.substring(at + 1) : normalized;
        for (X509Certificate candidate : new X509Certificate[] {configured.get(normalized), learned.get(normalized), configured.get(domain)}) {
            if (candidate != null && isUsableForEncryption(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public void learn(VerifiedSigner signer) {
        X509Certificate certificate = signer.certificate();
        if (!isUsableForEncryption(certificate)) {
            return;
        }
        for (String address : signer.emailAddresses()) {
            String key = normalize(address);
            if (!learned.containsKey(key) && learned.size() >= maxLearned) {
                continue;
            }
            learned.merge(key, certificate, (old, fresh) -> fresh.getNotBefore().after(old.getNotBefore()) ? fresh : old);
        }
    }

    int learnedCount() {
        return learned.size();
    }

    private boolean isUsableForEncryption(X509Certificate certificate) {
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
        if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < AlgorithmPolicy.MIN_RSA_BITS) {
            return false;
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[KEY_USAGE_KEY_ENCIPHERMENT]) {
            return false;
        }
        try {
            List<String> extendedKeyUsage = certificate.getExtendedKeyUsage();
            return extendedKeyUsage == null || extendedKeyUsage.contains(EKU_EMAIL_PROTECTION) || extendedKeyUsage.contains(EKU_ANY);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static String normalize(String addressOrDomain) {
        return addressOrDomain.strip().toLowerCase(Locale.ROOT);
    }
}
