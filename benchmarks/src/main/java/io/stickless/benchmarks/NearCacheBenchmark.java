package io.stickless.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stickless.DynamoDbUsage;
import io.stickless.cache.TtlCache;
import io.stickless.testing.LocalDynamoDb;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A near-cache hit of {@link TtlCache#getIfPresent} against a raw Caffeine {@code getIfPresent} of
 * the same keys. Goal: the near cache at no less than 0.85 times the throughput of Caffeine with
 * {@code expireAfterWrite} (the in-process equivalent: both read the clock on every hit); plain
 * Caffeine, which reads no clock, is shown for scale.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class NearCacheBenchmark {

  static final int KEYS = 1024; // a power of two, for the mask below

  private LocalDynamoDb dynamoDb;
  private TtlCache<String, String> cache;
  private Cache<String, String> caffeine;
  private Cache<String, String> caffeineWithExpiry;
  private String[] keys;

  /** Per-thread position in the key array. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    dynamoDb = LocalDynamoDb.start();
    String table = Tables.create(dynamoDb.client(), "near-cache-bench");
    cache =
        TtlCache.builder(dynamoDb.client(), table)
            .name("bench")
            .defaultTtl(Duration.ofDays(1))
            .nearCache(10_000, Duration.ofHours(1))
            .build();
    caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
    // what a hand-rolled near cache would use: bounded and expiring, so it reads the clock per hit
    caffeineWithExpiry =
        Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();
    keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "key-" + i;
      String value = "value-" + i;
      cache.put(keys[i], value); // fills the near cache too
      caffeine.put(keys[i], value);
      caffeineWithExpiry.put(keys[i], value);
    }
    // the first read also fetches the cache's clear() generation (one GetItem, re-read in the
    // background at most once a second); after it, a hit must not reach DynamoDB
    cache.getIfPresent(keys[0]);
    long reads = cache.stats().dynamoDbUsage().calls(DynamoDbUsage.Operation.GET_ITEM);
    for (String key : keys) {
      if (cache.getIfPresent(key) == null) {
        throw new IllegalStateException(
            "the near cache does not hold " + key + ": " + cache.stats());
      }
    }
    long itemReads = cache.stats().dynamoDbUsage().calls(DynamoDbUsage.Operation.GET_ITEM) - reads;
    if (itemReads > 1) {
      throw new IllegalStateException(
          itemReads + " GetItems for " + KEYS + " near-cache hits: " + cache.stats());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    dynamoDb.close();
  }

  @Benchmark
  public String rawCaffeineGetIfPresent(Cursor cursor) {
    return caffeine.getIfPresent(keys[cursor.next++ & (KEYS - 1)]);
  }

  /** Raw Caffeine with the expiry a near cache needs: the fair baseline for the clock read. */
  @Benchmark
  public String rawCaffeineWithExpiryGetIfPresent(Cursor cursor) {
    return caffeineWithExpiry.getIfPresent(keys[cursor.next++ & (KEYS - 1)]);
  }

  /** The cost of one clock read on this machine, which a correct expiry check pays per hit. */
  @Benchmark
  public long systemNanoTime() {
    return System.nanoTime();
  }

  @Benchmark
  public String nearCacheGetIfPresent(Cursor cursor) {
    return cache.getIfPresent(keys[cursor.next++ & (KEYS - 1)]);
  }
}
