package org.santegateway.trust;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

import org.santegateway.trust.TrustListException.Reason;
import org.santegateway.trust.TrustListLoader.FileFingerprint;
import org.santegateway.trust.TrustListLoader.LoadedTrustList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust list in force, reloaded without a restart: when the file changes (a poll compares
 * size, modification time and file key of the file and its checksum side file) and on an explicit
 * {@link #reload()} (the WebAdmin route).
 *
 * <p>Fail closed and never empty by accident: the first load must succeed ({@link #start} throws:
 * a startup error); afterwards a file that is unreadable, malformed, fails its checksum or drops
 * too many domains at once (see {@link TrustListConfiguration#maxDroppedFraction()}) is refused
 * with one WARN line and the last good list stays in force. A refused file is reported once, not
 * at every poll, until it changes again.</p>
 *
 * <p>A file with a few malformed entries is not refused: those entries are skipped (see
 * {@link TrustListParser}), named by position in one WARN line when the file is loaded, and
 * reported in {@link #status()}.</p>
 *
 * <p>Thread-safe: readers get an immutable {@link TrustList} snapshot from a volatile field with no
 * lock; reloads are serialised and swap the snapshot atomically.</p>
 */
public final class ReloadingTrustList implements OperatorTrust, AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReloadingTrustList.class);
    /** How many skipped entries the WARN line names; the status lists them all. */
    private static final int MAX_SKIPPED_NAMED = 20;

    private final TrustListLoader loader;
    private final Clock clock;
    private volatile State state;
    private volatile ScheduledFuture<?> poll;

    private record State(LoadedTrustList loaded, Instant loadedAt, FileFingerprint lastSeen, Instant lastCheckAt,
                         Optional<TrustListStatus.Rejection> lastRejection) {
        TrustListStatus status() {
            TrustList list = loaded.list();
            return new TrustListStatus(loadedAt, list.latestUpdate(), list.generatedAt(), list.domainCount(),
                list.entryCount(), loaded.sha256(), lastCheckAt, lastRejection, list.skippedEntries());
        }
    }

    private ReloadingTrustList(TrustListLoader loader, Clock clock, State state) {
        this.loader = loader;
        this.clock = clock;
        this.state = state;
    }

    /**
     * Loads the list, without polling.
     *
     * @throws TrustListException when the first list cannot be used: the gateway must not start
     */
    public static ReloadingTrustList load(TrustListConfiguration configuration, Clock clock) throws TrustListException {
        Objects.requireNonNull(clock, "clock");
        TrustListLoader loader = new TrustListLoader(configuration);
        LoadedTrustList loaded = loader.load();
        Instant now = clock.instant();
        logLoaded(configuration, loaded);
        return new ReloadingTrustList(loader, clock, new State(loaded, now, loaded.fingerprint(), now, Optional.empty()));
    }

    /**
     * Loads the list and polls the file every {@link TrustListConfiguration#pollInterval()} on the
     * scheduler (which the caller owns and shuts down; {@link #close()} cancels the poll).
     *
     * @throws TrustListException when the first list cannot be used: the gateway must not start
     */
    public static ReloadingTrustList start(TrustListConfiguration configuration, Clock clock,
                                           ScheduledExecutorService scheduler) throws TrustListException {
        return start(configuration, clock, scheduler, Optional.empty());
    }

    /**
     * As {@link #start(TrustListConfiguration, Clock, ScheduledExecutorService)}, taking over a list
     * already read from this configuration's file (the start-up check reads it before James starts)
     * when neither the file nor its side file changed since: the file is parsed once per start.
     */
    public static ReloadingTrustList start(TrustListConfiguration configuration, Clock clock, ScheduledExecutorService scheduler,
                                           Optional<LoadedTrustList> alreadyLoaded) throws TrustListException {
        Objects.requireNonNull(clock, "clock");
        TrustListLoader loader = new TrustListLoader(configuration);
        Optional<LoadedTrustList> current = alreadyLoaded.filter(loaded -> loaded.fingerprint().equals(loader.fingerprint()));
        ReloadingTrustList trustList;
        if (current.isPresent()) {
            Instant now = clock.instant();
            logLoaded(configuration, current.get());
            trustList = new ReloadingTrustList(loader, clock, new State(current.get(), now, current.get().fingerprint(), now, Optional.empty()));
        } else {
            trustList = load(configuration, clock);
        }
        long period = configuration.pollInterval().toMillis();
        trustList.poll = scheduler.scheduleWithFixedDelay(trustList::pollSafely, period, period, TimeUnit.MILLISECONDS);
        return trustList;
    }

    /** The list in force: an immutable snapshot, cheap to get. */
    public TrustList current() {
        return state.loaded().list();
    }

    public TrustListStatus status() {
        return state.status();
    }

    @Override
    public boolean isAllowed(String domain, X500Principal operatorSubject) {
        return current().isAllowed(domain, operatorSubject);
    }

    @Override
    public boolean isKnownDomain(String domain) {
        return current().isKnownDomain(domain);
    }

    @Override
    public boolean isListedOperator(X500Principal operatorSubject) {
        return current().isListedOperator(operatorSubject);
    }

    /** What the poll does: reloads when the file or its side file changed since the last attempt. */
    public synchronized ReloadOutcome checkForChanges() {
        FileFingerprint fingerprint = loader.fingerprint();
        if (fingerprint.equals(state.lastSeen())) {
            return new ReloadOutcome.Unchanged(state.status());
        }
        return reload(true);
    }

    /** Reads the file now, whether or not it changed (the WebAdmin route). */
    public synchronized ReloadOutcome reload() {
        return reload(true);
    }

    /**
     * Reads the file now and accepts it even if it drops more domains than
     * {@link TrustListConfiguration#maxDroppedFraction()} allows: for an admin who checked that the
     * smaller list is right. Every other check still applies.
     */
    public synchronized ReloadOutcome forceReload() {
        return reload(false);
    }

    private ReloadOutcome reload(boolean guardShrink) {
        State previous = state;
        FileFingerprint fingerprint = loader.fingerprint();
        Instant now = clock.instant();
        LoadedTrustList loaded;
        try {
            loaded = loader.load();
            if (guardShrink) {
                checkShrink(previous.loaded(), loaded);
            }
        } catch (TrustListException e) {
            TrustListStatus.Rejection rejection = new TrustListStatus.Rejection(now, e.reason(), e.getMessage());
            state = new State(previous.loaded(), previous.loadedAt(), fingerprint, now, Optional.of(rejection));
            LOGGER.warn("Trust list {} refused ({}): {}; keeping the list loaded at {} ({} domains, sha256 {})",
                loader.configuration().file(), e.reason(), e.getMessage(), previous.loadedAt(),
                previous.loaded().list().domainCount(), previous.loaded().sha256());
            return new ReloadOutcome.Rejected(e.reason(), e.getMessage(), state.status());
        }
        if (loaded.sha256().equals(previous.loaded().sha256())) {
            // The file on disk is the list in force again: no refused file is pending any more.
            state = new State(previous.loaded(), previous.loadedAt(), loaded.fingerprint(), now, Optional.empty());
            return new ReloadOutcome.Unchanged(state.status());
        }
        state = new State(loaded, now, loaded.fingerprint(), now, Optional.empty());
        logLoaded(loader.configuration(), loaded);
        return new ReloadOutcome.Swapped(state.status());
    }

    private void checkShrink(LoadedTrustList current, LoadedTrustList candidate) throws TrustListException {
        double maxDropped = loader.configuration().maxDroppedFraction();
        int before = current.publishedDomainCount();
        int after = candidate.publishedDomainCount();
        if (after < before && before - after > maxDropped * before) {
            throw new TrustListException(Reason.TOO_MANY_DOMAINS_DROPPED, loader.configuration().file()
                + ": " + after + " domains where the list in force has " + before + " (more than "
                + Math.round(maxDropped * 100) + "% dropped at once; an admin can force the reload)");
        }
    }

    private void pollSafely() {
        try {
            checkForChanges();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep polling.
            LOGGER.error("Trust list poll failed ({}); will retry", e.getClass().getSimpleName());
        }
    }

    private static void logLoaded(TrustListConfiguration configuration, LoadedTrustList loaded) {
        TrustList list = loaded.list();
        LOGGER.info("Trust list loaded from {}: {} domains, {} entries, {} skipped, {} local additions, sha256 {}, latest DateMAJ {}",
            configuration.file(), list.domainCount(), list.entryCount(), list.skippedEntries().size(),
            configuration.localAdditions().size(), loaded.sha256(), list.latestUpdate().map(Instant::toString).orElse("none"));
        List<SkippedEntry> skipped = list.skippedEntries();
        if (!skipped.isEmpty()) {
            // One line per file, positions and problems only: the entries themselves hold contacts.
            String named = skipped.stream().limit(MAX_SKIPPED_NAMED).map(SkippedEntry::toString).collect(Collectors.joining("; "));
            String more = skipped.size() > MAX_SKIPPED_NAMED ? "; and " + (skipped.size() - MAX_SKIPPED_NAMED) + " more" : "";
            LOGGER.warn("Trust list {} (sha256 {}): malformed Domaine entries skipped: {}; the others are in force: {}{}",
                configuration.file(), loaded.sha256(), skipped.size(), named, more);
        }
    }

    @Override
    public synchronized void close() {
        if (poll != null) {
            poll.cancel(false);
        }
    }
}
