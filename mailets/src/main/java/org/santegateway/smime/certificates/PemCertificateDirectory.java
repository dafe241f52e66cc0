package org.santegateway.smime.certificates;

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

import org.santegateway.pki.PemFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CertificateDirectory} from configured PEM files, keyed by address
 * ({@code dr.martin@hopital.fr}) or by domain ({@code hopital.fr}), plus the certificates learnt
 * from verified signed mail. Lookup order for an address: configured for the address, learnt for
 * the address, configured for its domain; the first usable one wins (an expired configured
 * certificate falls through to a learnt one). Thread-safe.
 *
 * <p>Learnt certificates are kept in a {@link LearnedCertificateStore} (files under the data
 * directory in the gateway), at most {@code maxLearned} addresses; a newer certificate (later
 * notBefore) replaces an older one for the same address. With a learnt certificate come the
 * content encryption and key transport the signer's SMIMECapabilities announced
 * ({@link SmimeCapabilities}); they apply whenever the message is encrypted for the address's own
 * certificate (configured or learnt). A domain's certificate, and an address that announced
 * nothing, get the default: AES-256-GCM with RSA-OAEP.</p>
 */
public final class PemCertificateDirectory implements CertificateDirectory {
    private static final Logger LOGGER = LoggerFactory.getLogger(PemCertificateDirectory.class);
    private static final int KEY_USAGE_KEY_ENCIPHERMENT = 2;
    private static final String EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String EKU_ANY = "2.5.29.37.0";

    private final Map<String, X509Certificate> configured;
    private final Map<String, LearnedCertificate> learned = new ConcurrentHashMap<>();
    private final LearnedCertificateStore store;
    private final Clock clock;
    private final int maxLearned;

    private PemCertificateDirectory(Map<String, X509Certificate> configured, LearnedCertificateStore store, Clock clock, int maxLearned) {
        this.configured = configured;
        this.store = store;
        this.clock = clock;
        this.maxLearned = maxLearned;
    }

    /**
     * @param files address or domain to the PEM file of its certificate (the first certificate of
     *              the file is used)
     * @throws IOException naming the file that cannot be read
     */
    public static PemCertificateDirectory load(Map<String, Path> files, Clock clock, int maxLearned) throws IOException {
        return load(files, LearnedCertificateStore.IN_MEMORY, clock, maxLearned);
    }

    /**
     * @param store where learnt certificates are kept; what it holds is loaded now (at most
     *              {@code maxLearned} entries)
     * @throws IOException naming the configured file that cannot be read, or when the store
     *                     cannot be listed
     */
    public static PemCertificateDirectory load(Map<String, Path> files, LearnedCertificateStore store, Clock clock,
                                               int maxLearned) throws IOException {
        Map<String, X509Certificate> configured = new HashMap<>();
        for (Map.Entry<String, Path> entry : files.entrySet()) {
            configured.put(normalize(entry.getKey()), PemFiles.certificate(entry.getValue()));
        }
        PemCertificateDirectory directory = of(configured, store, clock, maxLearned);
        for (Map.Entry<String, LearnedCertificate> entry : store.loadAll().entrySet()) {
            if (directory.learned.size() < maxLearned) {
                directory.learned.put(normalize(entry.getKey()), entry.getValue());
            }
        }
        return directory;
    }

    public static PemCertificateDirectory of(Map<String, X509Certificate> certificates, Clock clock, int maxLearned) {
        return of(certificates, LearnedCertificateStore.IN_MEMORY, clock, maxLearned);
    }

    private static PemCertificateDirectory of(Map<String, X509Certificate> certificates, LearnedCertificateStore store,
                                              Clock clock, int maxLearned) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(store, "store");
        if (maxLearned < 0) {
            throw new IllegalArgumentException("maxLearned must not be negative");
        }
        Map<String, X509Certificate> configured = new HashMap<>();
        certificates.forEach((key, certificate) -> configured.put(normalize(key), certificate));
        return new PemCertificateDirectory(Map.copyOf(configured), store, clock, maxLearned);
    }

    @Override
    public Optional<EncryptionRecipient> findEncryptionRecipient(String address) {
        String normalized = normalize(address);
        int at = normalized.lastIndexOf('@');
        String domain = at >= 0 ? normalized.substring(at + 1) : normalized;
        LearnedCertificate learnt = learned.get(normalized);
        X509Certificate own = configured.get(normalized);
        if (own != null && isUsableForEncryption(own)) {
            EncryptionRecipient recipient = EncryptionRecipient.of(own);
            return Optional.of(learnt == null ? recipient
                : recipient.withContentEncryption(learnt.contentEncryption()).withKeyTransport(learnt.keyTransport()));
        }
        if (learnt != null && isUsableForEncryption(learnt.certificate())) {
            return Optional.of(learnt.recipient());
        }
        X509Certificate domains = configured.get(domain);
        if (domains != null && isUsableForEncryption(domains)) {
            return Optional.of(EncryptionRecipient.of(domains));
        }
        return Optional.empty();
    }

    @Override
    public void learn(VerifiedSigner signer) {
        X509Certificate certificate = signer.certificate();
        if (!isUsableForEncryption(certificate)) {
            return;
        }
        LearnedCertificate fresh = LearnedCertificate.of(certificate, signer.capabilities());
        for (String address : signer.emailAddresses()) {
            String key = normalize(address);
            boolean[] changed = {false};
            learned.compute(key, (unused, kept) -> {
                if (kept == null && learned.size() >= maxLearned) {
                    return null;
                }
                if (kept == null || fresh.replaces(kept)) {
                    changed[0] = true;
                    return fresh;
                }
                return kept;
            });
            if (changed[0]) {
                keep(key);
            }
        }
    }

    private void keep(String address) {
        LearnedCertificate current = learned.get(address);
        if (current == null) {
            return;
        }
        try {
            store.save(address, current);
        } catch (IOException | RuntimeException e) {
            // Still used until the next restart; learnt again from the next signed message.
            LOGGER.warn("A learnt S/MIME certificate could not be kept on disk: {}", e.getMessage());
        }
    }

    public int learnedCount() {
        return learned.size();
    }

    private boolean isUsableForEncryption(X509Certificate certificate) {
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
        if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < MIN_RSA_BITS) {
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
