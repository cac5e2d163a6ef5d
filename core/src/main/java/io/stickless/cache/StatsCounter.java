package io.stickless.cache;

import io.stickless.DynamoDbUsage;
import java.util.concurrent.atomic.LongAdder;

/** The mutable counters behind {@link CacheStats}; thread-safe. */
final class StatsCounter {

  private final LongAdder tableHits = new LongAdder();
  private final LongAdder nearCacheHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder loads = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder unreadable = new LongAdder();
  private final LongAdder unavailableReads = new LongAdder();
  private final LongAdder skippedWrites = new LongAdder();

  void hit() {
    tableHits.increment();
  }

  void nearCacheHit() {
    nearCacheHits.increment();
  }

  void miss() {
    misses.increment();
  }

  void load() {
    loads.increment();
  }

  void loadFailure() {
    loadFailures.increment();
  }

  void unreadable() {
    unreadable.increment();
  }

  void unavailableReads(int lookups) {
    unavailableReads.add(lookups);
  }

  void skippedWrites(int count) {
    skippedWrites.add(count);
  }

  CacheStats snapshot(DynamoDbUsage usage) {
    long near = nearCacheHits.sum();
    return new CacheStats(
        tableHits.sum() + near,
        misses.sum(),
        near,
        loads.sum(),
        loadFailures.sum(),
        unreadable.sum(),
        unavailableReads.sum(),
        skippedWrites.sum(),
        usage);
  }
}
