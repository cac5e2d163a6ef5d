package io.stickless.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * The in-process near cache: Caffeine bounded by size, each entry carrying its deadline, the
 * earlier of "the table was read (or written) + max staleness" and its item's TTL.
 *
 * <p>Times are {@link System#nanoTime()} with the system clock, so the hit path reads the real time
 * on every lookup and an entry is never served past its deadline; with any other clock (a test's)
 * they are that clock's millis in nanoseconds, so moving it expires entries exactly.
 */
final class NearCache<K, V> {

  private record Entry<V>(V value, long deadlineNanos) {}

  private static final int STRIPES = 64;
  private static final Duration MAX_LIFETIME = Duration.ofDays(365L * 100);
  private static final long MAX_NANOS = MAX_LIFETIME.toNanos();

  private final Cache<K, Entry<V>> cache;
  private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);
  private final long maxStalenessNanos;
  private final Clock clock;
  private final boolean systemClock;

  NearCache(int maxEntries, Duration maxStaleness, Clock clock) {
    this.clock = clock;
    // capped so that "now + lifetime" cannot overflow, whatever staleness a user configures
    this.maxStalenessNanos =
        maxStaleness.compareTo(MAX_LIFETIME) >= 0 ? MAX_NANOS : maxStaleness.toNanos();
    this.systemClock = clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone());
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).build();
  }

  /** The near cache's time, to take before reading or writing the table. */
  long nanos() {
    return systemClock ? System.nanoTime() : TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }

  @Nullable V getIfPresent(K key) {
    Entry<V> entry = cache.getIfPresent(key);
    if (entry == null) {
      return null;
    }
    if (entry.deadlineNanos() - nanos() > 0) {
      return entry.value();
    }
    cache.asMap().remove(key, entry);
    return null;
  }

  /**
   * The write stamp of the key's stripe, to take before looking the key up here and reading the
   * table: a write or invalidation of this node that lands after it changes it.
   */
  long stamp(K key) {
    return stamps.get(stripe(key));
  }

  /**
   * Caches what was read from the table, unless this node wrote or invalidated the key (or one in
   * its stripe) since {@code stamp} was taken: a slow read must not bring back an old value over
   * this node's own newer write. Staleness counts from {@code readStartNanos} ({@link #nanos()}
   * before the read), not from now: the value may have changed in the table during a slow read.
   */
  void fill(K key, V value, long ttlEpochSecond, long stamp, long readStartNanos) {
    Entry<V> entry = entry(value, ttlEpochSecond, readStartNanos);
    if (entry != null) {
      cache.asMap().compute(key, (k, old) -> stamps.get(stripe(k)) == stamp ? entry : old);
    }
  }

  /**
   * This node wrote the value, having taken {@code stamp} and {@code writeStartNanos} before the
   * write: it replaces whatever is cached, unless another write or invalidation of this node
   * overlapped (their order in the table is unknown), in which case the key is dropped.
   */
  void put(K key, V value, long ttlEpochSecond, long stamp, long writeStartNanos) {
    Entry<V> entry = entry(value, ttlEpochSecond, writeStartNanos);
    cache
        .asMap()
        .compute(
            key,
            (k, old) -> {
              int stripe = stripe(k);
              return stamps.getAndIncrement(stripe) == stamp ? entry : null;
            });
  }

  /** This node removed or changed the entry: drop it, at once. */
  void invalidate(K key) {
    cache
        .asMap()
        .compute(
            key,
            (k, old) -> {
              stamps.incrementAndGet(stripe(k));
              return null;
            });
  }

  /**
   * This node cleared the cache, or learnt that another node did: drop everything, and refuse fills
   * and puts of reads and writes that started before.
   */
  void invalidateAll() {
    for (int i = 0; i < STRIPES; i++) {
      stamps.incrementAndGet(i);
    }
    cache.invalidateAll();
  }

  private @Nullable Entry<V> entry(V value, long ttlEpochSecond, long startNanos) {
    long now = nanos();
    long untilTtl =
        ttlEpochSecond >= Long.MAX_VALUE / 1_000_000
            ? Long.MAX_VALUE
            : TimeUnit.MILLISECONDS.toNanos(ttlEpochSecond * 1000 - clock.millis());
    long deadline = Math.min(startNanos + maxStalenessNanos, now + Math.min(untilTtl, MAX_NANOS));
    return deadline - now > 0 ? new Entry<>(value, deadline) : null;
  }

  private static int stripe(Object key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
