package org.santegateway.server.directory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * A read-through cache of directory answers (is this domain ours, does this account exist, what
 * does this address map to), which every message asks several times and which change only when an
 * admin changes them.
 *
 * <p>A change made through this node clears the cache at once ({@link #invalidateAll()}); a change
 * made by another node sharing the database is seen after {@code maxAge} at most. An answer
 * loaded while a change was being made is never kept: each entry carries the generation it was
 * loaded in, and a change starts a new generation. A zero {@code maxAge} turns caching off.</p>
 */
public final class DirectoryCache<K, V> {
    /** A change of the directory in the database. */
    @FunctionalInterface
    public interface Change<E extends Exception> {
        void run() throws E;
    }

    /** Loads one answer from the database. */
    @FunctionalInterface
    public interface Loader<K, V, E extends Exception> {
        V load(K key) throws E;
    }

    private record Entry<V>(V value, long generation) {
    }

    private static final int MAX_ENTRIES = 100_000;

    private final Cache<K, Entry<V>> entries;
    private final AtomicLong generation = new AtomicLong();
    private final boolean enabled;

    public DirectoryCache(Duration maxAge) {
        this.enabled = !maxAge.isZero() && !maxAge.isNegative();
        this.entries = CacheBuilder.newBuilder()
            .expireAfterWrite(enabled ? maxAge : Duration.ofMillis(1))
            .maximumSize(MAX_ENTRIES)
            .build();
    }

    public <E extends Exception> V get(K key, Loader<K, V, E> loader) throws E {
        Optional<V> cached = peek(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        long loadedIn = generation();
        V value = loader.load(key);
        put(key, value, loadedIn);
        return value;
    }

    /** The cached answer, if there is one from the current generation. */
    public Optional<V> peek(K key) {
        if (!enabled) {
            return Optional.empty();
        }
        Entry<V> entry = entries.getIfPresent(key);
        return entry != null && entry.generation() == generation.get() ? Optional.of(entry.value()) : Optional.empty();
    }

    /** The generation to pass to {@link #put} for an answer about to be loaded. */
    public long generation() {
        return generation.get();
    }

    /** Keeps an answer loaded in {@code loadedIn}, unless a change happened since. */
    public void put(K key, V value, long loadedIn) {
        if (enabled && value != null && loadedIn == generation.get()) {
            entries.put(key, new Entry<>(value, loadedIn));
        }
    }

    /** Makes a change, then clears the cache, even when the change failed halfway. */
    public <E extends Exception> void change(Change<E> change) throws E {
        try {
            change.run();
        } finally {
            invalidateAll();
        }
    }

    public void invalidateAll() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }
}
