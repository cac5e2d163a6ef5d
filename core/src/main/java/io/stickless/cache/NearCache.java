package io.stickless.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy.VarExpiration;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The in-process near cache: bounded, and each entry lives for the configured staleness or until
 * its item's TTL, whichever comes first, measured on the cache's {@link Clock}.
 */
final class NearCache<K, V> {

  private final Cache<K, V> cache;
  private final VarExpiration<K, V> expiration;
  private final long maxStalenessNanos;
  private final Clock clock;

  NearCache(int maxEntries, java.time.Duration maxStaleness, Clock clock) {
    this.clock = clock;
    this.maxStalenessNanos = maxStaleness.toNanos();
    long staleness = maxStalenessNanos;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .ticker(ticker(clock))
            .expireAfter(
                new Expiry<K, V>() {
                  @Override
                  public long expireAfterCreate(K key, V value, long currentTime) {
                    return staleness;
                  }

                  @Override
                  public long expireAfterUpdate(
                      K key, V value, long currentTime, long currentDuration) {
                    return staleness;
                  }

                  @Override
                  public long expireAfterRead(
                      K key, V value, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
    this.expiration = cache.policy().expireVariably().orElseThrow();
  }

  private static Ticker ticker(Clock clock) {
    if (clock.equals(Clock.systemUTC()) || clock.equals(Clock.systemDefaultZone())) {
      return Ticker.systemTicker();
    }
    // a test's clock: the near cache must age as that clock moves
    return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }

  @Nullable V getIfPresent(K key) {
    return cache.getIfPresent(key);
  }

  void put(K key, V value, long ttlEpochSecond) {
    long untilTtl =
        ttlEpochSecond >= Long.MAX_VALUE / 1_000_000
            ? Long.MAX_VALUE
            : TimeUnit.MILLISECONDS.toNanos(ttlEpochSecond * 1000 - clock.millis());
    long nanos = Math.min(maxStalenessNanos, untilTtl);
    if (nanos <= 0) {
      cache.invalidate(key);
      return;
    }
    expiration.put(key, value, nanos, TimeUnit.NANOSECONDS);
  }

  void invalidate(K key) {
    cache.invalidate(key);
  }
}
