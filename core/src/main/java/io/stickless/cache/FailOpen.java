package io.stickless.cache;

import io.stickless.BackendUnavailableException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's answer to an unavailable DynamoDB: with fail-open on, a failed read is a miss and a
 * failed write is skipped, each counted; the outage is logged once at WARN and its end at INFO.
 * With it off, the failure is rethrown.
 */
final class FailOpen {

  private static final Logger log = LoggerFactory.getLogger(TtlCache.class);

  private final String cacheName;
  private final boolean enabled;
  private final StatsCounter stats;
  private final AtomicBoolean down = new AtomicBoolean();

  FailOpen(String cacheName, boolean enabled, StatsCounter stats) {
    this.cacheName = cacheName;
    this.enabled = enabled;
    this.stats = stats;
  }

  /**
   * A read of {@code lookups} keys failed: returns (answered absent or loaded), or rethrows when
   * off.
   */
  void readFailed(BackendUnavailableException e, int lookups) {
    outage(e);
    if (!enabled) {
      throw e;
    }
    stats.unavailableReads(lookups);
  }

  /** A write of {@code entries} entries failed: returns (skipped), or rethrows when off. */
  void writeFailed(BackendUnavailableException e, int entries) {
    outage(e);
    if (!enabled) {
      throw e;
    }
    stats.skippedWrites(entries);
  }

  /** A write that is skipped without trying, since a read just found DynamoDB unavailable. */
  void writeSkipped() {
    stats.skippedWrites(1);
  }

  /** A call that needs DynamoDB's own answer failed: always rethrown. */
  void decisionFailed(BackendUnavailableException e) {
    outage(e);
    throw e;
  }

  /** A DynamoDB call succeeded: ends an outage. */
  void succeeded() {
    if (down.get() && down.compareAndSet(true, false)) {
      log.info("Cache '{}': DynamoDB answers again", cacheName);
    }
  }

  private void outage(BackendUnavailableException e) {
    if (down.compareAndSet(false, true)) {
      log.warn(
          enabled
              ? "Cache '{}': DynamoDB unavailable; reads answer from the near cache or the loader,"
                  + " writes are skipped until it answers again (logged once per outage): {}"
              : "Cache '{}': DynamoDB unavailable; cache calls fail until it answers again (logged"
                  + " once per outage): {}",
          cacheName,
          e.getMessage());
    } else {
      log.debug("Cache '{}': DynamoDB still unavailable: {}", cacheName, e.getMessage());
    }
  }
}
