package org.santegateway.server;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * New connections per minute from one client address, as Postfix's {@code smtpd_client_connection_rate_limit}: a token
 * bucket per address holding a minute's worth, refilled continuously. A client may open that many at once, then one
 * every {@code 60 s / perMinute}; a connection refused takes nothing. What it bounds is the work a single address can
 * cause without holding connections open: each new connection on a TLS listener costs a handshake (a signature with the
 * server's key), which the limit on connections open at once does not bound when the client closes each at once.
 *
 * <p>An address whose bucket is full again is forgotten: the map holds only the addresses of the last minute, and is
 * swept when it grows past {@value #SWEEP_ABOVE} entries.</p>
 */
final class ConnectionRate {
    static final int SWEEP_ABOVE = 10_000;
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    /** What one connection costs, in nanoseconds of credit: a bucket holds a minute's credit at most. */
    private final long cost;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    ConnectionRate(int perMinute, LongSupplier nanoTime) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("at least one connection a minute");
        }
        this.cost = MINUTE / perMinute;
        this.nanoTime = nanoTime;
    }

    ConnectionRate(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    /** Whether a new connection from this address is within its rate; if it is, it is counted. */
    boolean admit(String address) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.compute(address, (key, previous) -> (previous == null ? full(now) : previous.refilled(now)).take(cost));
        if (buckets.size() > SWEEP_ABOVE) {
            sweep(now);
        }
        return bucket.admitted();
    }

    /** Addresses remembered now (for tests). */
    int remembered() {
        return buckets.size();
    }

    private Bucket full(long now) {
        return new Bucket(MINUTE, now, false);
    }

    private void sweep(long now) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            buckets.entrySet().removeIf(entry -> entry.getValue().refilled(now).credit() == MINUTE);
        } finally {
            sweeping.set(false);
        }
    }

    /** Credit (nanoseconds, a minute at most) at {@code at} (nanoTime), and whether the last take was paid. */
    private record Bucket(long credit, long at, boolean admitted) {
        Bucket refilled(long now) {
            long elapsed = Math.max(0, now - at);
            return new Bucket(elapsed >= MINUTE - credit ? MINUTE : credit + elapsed, now, admitted);
        }

        Bucket take(long cost) {
            return credit >= cost ? new Bucket(credit - cost, at, true) : new Bucket(credit, at, false);
        }
    }
}
