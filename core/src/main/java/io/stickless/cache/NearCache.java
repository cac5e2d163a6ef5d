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
 * earlier of "stored + max staleness" and its item's TTL.
 *
 * <p>With the system clock, the hit path compares against {@link CoarseClock} and deadlines are set
 * {@link #MARGIN_NANOS} early, so an entry is never served past its deadline unless the tick thread
 * is starved for longer than that margin. With any other clock (a test's), every hit reads that
 * clock, so moving it expires entries exactly.
 */
final class NearCache<K, V> {

  static final long MARGIN_NANOS = 2 * CoarseClock.TICK_NANOS;

  private record Entry<V>(V value, long deadlineNanos) {}

  private static final int STRIPES = 64;
  private static final Duration MAX_LIFETIME = Duration.ofDays(365L * 100);

  private final Cache<K, Entry<V>> cache;
  private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);
  private final long maxStalenessNanos;
  private final Clock clock;
  private final boolean coarse;

  NearCache(int maxEntries, Duration maxStaleness, Clock clock) {
    this.clock = clock;
    // capped so that "now + lifetime" cannot overflow, whatever staleness a user configures
    this.maxStalenessNanos =
        maxStaleness.compareTo(MAX_LIFETIME) >= 0 ? MAX_LIFETIME.toNanos() : maxStaleness.toNanos();
    this.coarse = clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone());
    if (coarse) {
      CoarseClock.start();
    }
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).build();
  }

  @Nullable V getIfPresent(K key) {
    Entry<V> entry = cache.getIfPresent(key);
    if (entry == null) {
      return null;
    }
    long now = coarse ? CoarseClock.nanos() : clockNanos();
    if (entry.deadlineNanos() - now > 0) {
      return entry.value();
    }
    cache.asMap().remove(key, entry);
    return null;
  }

  /**
   * The write stamp of the key's stripe, to take before reading the table for {@link #fill}: a
   * write of this node that lands between the read and the fill changes it.
   */
  long stamp(K key) {
    return stamps.get(stripe(key));
  }

  /**
   * Caches what was read from the table, unless this node wrote or invalidated the key (or one in
   * its stripe) since {@code stamp} was taken: a slow read must not bring back an old value over
   * this node's own newer write.
   */
  void fill(K key, V value, long ttlEpochSecond, long stamp) {
    Entry<V> entry = entry(value, ttlEpochSecond);
    if (entry != null) {
      cache.asMap().compute(key, (k, old) -> stamps.get(stripe(k)) == stamp ? entry : old);
    }
  }

  /** This node wrote the value: it replaces whatever is cached, at once. */
  void put(K key, V value, long ttlEpochSecond) {
    Entry<V> entry = entry(value, ttlEpochSecond);
    cache
        .asMap()
        .compute(
            key,
            (k, old) -> {
              stamps.incrementAndGet(stripe(k));
              return entry;
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

  private @Nullable Entry<V> entry(V value, long ttlEpochSecond) {
    long now = coarse ? System.nanoTime() : clockNanos();
    long untilTtl =
        ttlEpochSecond >= Long.MAX_VALUE / 1_000_000
            ? Long.MAX_VALUE
            : TimeUnit.MILLISECONDS.toNanos(ttlEpochSecond * 1000 - clock.millis());
    long lifetime = Math.min(maxStalenessNanos, untilTtl) - (coarse ? MARGIN_NANOS : 0);
    return lifetime > 0 ? new Entry<>(value, now + lifetime) : null;
  }

  private static int stripe(Object key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  private long clockNanos() {
    return TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }
}
