package org.santegateway.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate revocation lists in force, read from configured files (PEM or DER, one or
 * several CRLs per file) and re-read without a restart: when a file changes (a poll compares
 * size, modification time and file key) and on an explicit {@link #reload()} (the WebAdmin route).
 * In production a job outside the gateway downloads the CAs' CRLs before their nextUpdate and
 * replaces the files.
 *
 * <p>A CRL is accepted only when its signature verifies with the key of a known CA (a trust
 * anchor or a configured intermediate CA with the same subject, allowed to sign CRLs) and it has a
 * nextUpdate. A file that cannot be read, does not parse, holds a CRL that does not verify, or
 * holds a CRL older than the one in force for its issuer (an old download put back) is refused as
 * a whole with one WARN line naming the file; what it held before stays in force. Per issuer the
 * newest CRL of all files is in force (highest CRL number, else latest thisUpdate).</p>
 *
 * <p>The first load ({@link #load}) must succeed: a configured file that cannot be used stops the
 * start. An expired CRL is not refused: it stays in force (revocations never expire) and the
 * revocation checks that need a current CRL fail closed; the health check reports it.</p>
 *
 * <p>Thread-safe: readers get immutable snapshots from a volatile field; reloads are serialised.</p>
 */
public final class ReloadingCrls implements AutoCloseable {
    /** Larger files are refused: the largest CRLs of national PKIs are a few megabytes. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    private static final Logger LOGGER = LoggerFactory.getLogger(ReloadingCrls.class);

    private final List<Path> files;
    private final List<X509Certificate> issuers;
    private final Clock clock;
    private final Object reloadLock = new Object();
    private volatile State state;
    private volatile ScheduledFuture<?> poll;

    /** A CRL read from a file, described once (counting the entries of a large CRL is not free). */
    private record Loaded(X509CRL crl, CrlStatus.Crl description) {
        static Loaded of(X509CRL crl, Path file, Instant loadedAt) {
            return new Loaded(crl, describe(crl, file, loadedAt));
        }
    }

    private record FileState(Optional<String> fingerprint, Optional<String> sha256, List<Loaded> crls,
                             Optional<CrlStatus.Rejection> rejection) {
    }

    private record State(Map<Path, FileState> files, List<X509CRL> inForce, List<CrlStatus.Crl> described, long generation,
                         Instant lastCheckAt) {
    }

    /** What a reload did: whether the CRLs in force changed, and which files were refused. */
    public record Outcome(boolean changed, List<CrlStatus.Rejection> rejected, CrlStatus status) {
        public Outcome {
            rejected = List.copyOf(rejected);
        }
    }

    private ReloadingCrls(List<Path> files, List<X509Certificate> issuers, Clock clock) {
        this.files = List.copyOf(files);
        this.issuers = List.copyOf(issuers);
        this.clock = clock;
    }

    /**
     * Reads every file, without polling.
     *
     * @param issuers the CA certificates whose CRLs are accepted (trust anchors and intermediate CAs)
     * @throws CrlException when a file cannot be used: the gateway must not start
     */
    public static ReloadingCrls load(List<Path> files, Collection<X509Certificate> issuers, Clock clock) throws CrlException {
        Objects.requireNonNull(clock, "clock");
        ReloadingCrls crls = new ReloadingCrls(files, List.copyOf(issuers), clock);
        Instant now = clock.instant();
        Map<Path, FileState> states = new LinkedHashMap<>();
        for (Path file : crls.files) {
            byte[] content = read(file);
            List<X509CRL> read = crls.parseAndVerify(file, content);
            states.put(file, new FileState(TrustListLoader.describe(file), Optional.of(TrustListLoader.sha256(content)),
                read.stream().map(crl -> Loaded.of(crl, file, now)).toList(), Optional.empty()));
        }
        crls.state = crls.inForce(states, 0, now);
        crls.state.described().forEach(ReloadingCrls::logInForce);
        if (crls.files.isEmpty()) {
            LOGGER.info("No CRL file configured");
        }
        return crls;
    }

    /**
     * Reads every file and then polls them every {@code pollInterval} on the scheduler (which the
     * caller owns; {@link #close()} cancels the poll).
     */
    public static ReloadingCrls start(List<Path> files, Collection<X509Certificate> issuers, Clock clock,
                                      ScheduledExecutorService scheduler, Duration pollInterval) throws CrlException {
        ReloadingCrls crls = load(files, issuers, clock);
        if (!crls.files.isEmpty()) {
            long period = pollInterval.toMillis();
            crls.poll = scheduler.scheduleWithFixedDelay(crls::pollSafely, period, period, TimeUnit.MILLISECONDS);
        }
        return crls;
    }

    /** The CRLs in force, one per issuer: an immutable list, the same instance until they change. */
    public List<X509CRL> crls() {
        return state.inForce();
    }

    /** Grows by one each time the CRLs in force change. */
    public long generation() {
        return state.generation();
    }

    public List<Path> files() {
        return files;
    }

    public CrlStatus status() {
        State current = state;
        return new CrlStatus(current.lastCheckAt(), current.described(), current.files().values().stream()
            .map(FileState::rejection).flatMap(Optional::stream).toList());
    }

    /** What the poll does: re-reads the files that changed since they were last read. */
    public Outcome checkForChanges() {
        return reload(true);
    }

    /** Re-reads every file now, changed or not (the WebAdmin route). */
    public Outcome reload() {
        return reload(false);
    }

    private Outcome reload(boolean changedOnly) {
        synchronized (reloadLock) {
            State previous = state;
            Instant now = clock.instant();
            Map<X500Principal, X509CRL> inForce = byIssuer(previous.inForce());
            Map<Path, FileState> next = new LinkedHashMap<>();
            List<CrlStatus.Rejection> rejected = new ArrayList<>();
            for (Path file : files) {
                FileState before = previous.files().get(file);
                Optional<String> fingerprint = TrustListLoader.describe(file);
                if (changedOnly && fingerprint.equals(before.fingerprint())) {
                    next.put(file, before);
                    continue;
                }
                try {
                    byte[] content = read(file);
                    String sha256 = TrustListLoader.sha256(content);
                    if (before.sha256().equals(Optional.of(sha256))) {
                        // The same content again (touched, or put back after a refused one).
                        next.put(file, new FileState(fingerprint, before.sha256(), before.crls(), Optional.empty()));
                        continue;
                    }
                    List<X509CRL> read = parseAndVerify(file, content);
                    checkNotOlder(file, read, inForce);
                    next.put(file, new FileState(fingerprint, Optional.of(sha256),
                        read.stream().map(crl -> Loaded.of(crl, file, now)).toList(), Optional.empty()));
                } catch (CrlException e) {
                    CrlStatus.Rejection rejection = new CrlStatus.Rejection(file, now, e.getMessage());
                    rejected.add(rejection);
                    next.put(file, new FileState(fingerprint, before.sha256(), before.crls(), Optional.of(rejection)));
                    LOGGER.warn("CRL file refused, the CRLs it held before stay in force: {}", e.getMessage());
                }
            }
            boolean sameCrls = files.stream().allMatch(file -> next.get(file).crls() == previous.files().get(file).crls());
            State candidate = sameCrls ? previous : inForce(next, previous.generation(), now);
            boolean changed = !sameCrls && !candidate.inForce().equals(previous.inForce());
            if (changed) {
                state = new State(candidate.files(), candidate.inForce(), candidate.described(), previous.generation() + 1, now);
                candidate.described().stream()
                    .filter(crl -> previous.described().stream().noneMatch(old -> sameCrl(old, crl)))
                    .forEach(ReloadingCrls::logInForce);
            } else {
                // Keep the list instances (and their loading times): readers cache on them.
                state = new State(next, previous.inForce(), previous.described(), previous.generation(), now);
            }
            return new Outcome(changed, rejected, status());
        }
    }

    private static boolean sameCrl(CrlStatus.Crl first, CrlStatus.Crl second) {
        return first.issuer().equals(second.issuer()) && first.thisUpdate().equals(second.thisUpdate())
            && first.crlNumber().equals(second.crlNumber());
    }

    private State inForce(Map<Path, FileState> states, long generation, Instant now) {
        Map<X500Principal, Loaded> newest = new LinkedHashMap<>();
        for (FileState file : states.values()) {
            for (Loaded loaded : file.crls()) {
                newest.merge(loaded.crl().getIssuerX500Principal(), loaded,
                    (current, candidate) -> isNewer(candidate.crl(), current.crl()) ? candidate : current);
            }
        }
        List<X509CRL> crls = newest.values().stream().map(Loaded::crl).toList();
        List<CrlStatus.Crl> described = newest.values().stream().map(Loaded::description).toList();
        return new State(Map.copyOf(states), crls, described, generation, now);
    }

    private static Map<X500Principal, X509CRL> byIssuer(List<X509CRL> crls) {
        Map<X500Principal, X509CRL> byIssuer = new LinkedHashMap<>();
        crls.forEach(crl -> byIssuer.put(crl.getIssuerX500Principal(), crl));
        return byIssuer;
    }

    private static void checkNotOlder(Path file, List<X509CRL> read, Map<X500Principal, X509CRL> inForce) throws CrlException {
        for (X509CRL crl : read) {
            X509CRL current = inForce.get(crl.getIssuerX500Principal());
            if (current != null && isNewer(current, crl)) {
                throw new CrlException(file, "the CRL of " + issuerName(crl) + " (thisUpdate " + crl.getThisUpdate().toInstant()
                    + number(crl).map(n -> ", number " + n).orElse("") + ") is older than the one in force (thisUpdate "
                    + current.getThisUpdate().toInstant() + number(current).map(n -> ", number " + n).orElse("") + ")");
            }
        }
    }

    /** Newer by CRL number when both have one, else by thisUpdate. */
    static boolean isNewer(X509CRL candidate, X509CRL than) {
        Optional<BigInteger> candidateNumber = number(candidate);
        Optional<BigInteger> thanNumber = number(than);
        if (candidateNumber.isPresent() && thanNumber.isPresent()) {
            return candidateNumber.get().compareTo(thanNumber.get()) > 0;
        }
        return candidate.getThisUpdate().after(than.getThisUpdate());
    }

    private List<X509CRL> parseAndVerify(Path file, byte[] content) throws CrlException {
        List<X509CRL> crls = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(content)) {
            for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(in)) {
                crls.add((X509CRL) crl);
            }
        } catch (CertificateException | CRLException | IOException | RuntimeException e) {
            throw new CrlException(file, "not a PEM or DER CRL file");
        }
        if (crls.isEmpty()) {
            throw new CrlException(file, "holds no CRL");
        }
        for (X509CRL crl : crls) {
            verify(file, crl);
        }
        return List.copyOf(crls);
    }

    private void verify(Path file, X509CRL crl) throws CrlException {
        X500Principal issuer = crl.getIssuerX500Principal();
        List<X509Certificate> candidates = issuers.stream().filter(ca -> ca.getSubjectX500Principal().equals(issuer)).toList();
        if (candidates.isEmpty()) {
            throw new CrlException(file, "the CRL issuer " + issuerName(crl) + " is not a configured trust anchor or intermediate CA");
        }
        for (X509Certificate ca : candidates) {
            boolean[] keyUsage = ca.getKeyUsage();
            if (keyUsage != null && (keyUsage.length <= 6 || !keyUsage[6])) {
                continue;
            }
            try {
                crl.verify(ca.getPublicKey());
                if (crl.getNextUpdate() == null) {
                    throw new CrlException(file, "the CRL of " + issuerName(crl) + " has no nextUpdate");
                }
                return;
            } catch (GeneralSecurityException | RuntimeException e) {
                // Try the next CA of that name (a renewed CA key), if any.
            }
        }
        throw new CrlException(file, "the signature of the CRL of " + issuerName(crl)
            + " does not verify with the key of that CA (or the CA may not sign CRLs)");
    }

    private static String issuerName(X509CRL crl) {
        return crl.getIssuerX500Principal().getName(X500Principal.RFC2253);
    }

    static Optional<BigInteger> number(X509CRL crl) {
        byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (extension == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getValue());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static CrlStatus.Crl describe(X509CRL crl, Path file, Instant loadedAt) {
        return new CrlStatus.Crl(issuerName(crl), crl.getThisUpdate().toInstant(),
            Optional.ofNullable(crl.getNextUpdate()).map(java.util.Date::toInstant), number(crl),
            crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size(), file, loadedAt);
    }

    private static void logInForce(CrlStatus.Crl crl) {
        LOGGER.info("CRL in force from {}: issuer {}, number {}, thisUpdate {}, nextUpdate {}, {} revoked", crl.file(), crl.issuer(),
            crl.crlNumber().map(Object::toString).orElse("none"), crl.thisUpdate(), crl.nextUpdate().map(Instant::toString).orElse("none"),
            crl.revokedCount());
    }

    private static byte[] read(Path file) throws CrlException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new CrlException(file, "larger than " + MAX_FILE_BYTES + " bytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CrlException(file, "missing");
        } catch (IOException e) {
            throw new CrlException(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void pollSafely() {
        try {
            checkForChanges();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep polling.
            LOGGER.error("CRL poll failed ({}); will retry", e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> scheduled = poll;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }
}
