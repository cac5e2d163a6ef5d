package io.stickless.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

  private final Cache<K, Entry<V>> cache;
  private final long maxStalenessNanos;
  private final Clock clock;
  private final boolean coarse;

  NearCache(int maxEntries, Duration maxStaleness, Clock clock) {
    this.clock = clock;
    this.maxStalenessNanos = maxStaleness.toNanos();
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

  void put(K key, V value, long ttlEpochSecond) {
    long now = coarse ? System.nanoTime() : clockNanos();
    long wallMillis = clock.millis();
    long untilTtl =
        ttlEpochSecond >= Long.MAX_VALUE / 1_000_000
            ? Long.MAX_VALUE
            : TimeUnit.MILLISECONDS.toNanos(ttlEpochSecond * 1000 - wallMillis);
    long lifetime = Math.min(maxStalenessNanos, untilTtl) - (coarse ? MARGIN_NANOS : 0);
    if (lifetime <= 0) {
      cache.invalidate(key);
      return;
    }
    cache.put(key, new Entry<>(value, now + lifetime));
  }

  void invalidate(K key) {
    cache.invalidate(key);
  }

  private long clockNanos() {
    return TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }
}
