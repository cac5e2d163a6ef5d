package io.stickless.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NearCacheTest {

  private static final long FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();

  @Test
  void onTheSystemClockAFreshEntryIsServed() {
    NearCache<String, String> near = new NearCache<>(10, Duration.ofHours(1), Clock.systemUTC());

    near.put("k", "v", FAR_FUTURE, near.stamp("k"), near.nanos());

    assertThat(near.getIfPresent("k")).isEqualTo("v");
  }

  @Test
  void onTheSystemClockAnEntryPastItsStalenessIsNotServed() {
    NearCache<String, String> near = new NearCache<>(10, Duration.ofHours(1), Clock.systemUTC());

    // read started more than the staleness ago: its value is already too old to keep
    near.fill("k", "v", FAR_FUTURE, near.stamp("k"), near.nanos() - Duration.ofHours(2).toNanos());

    assertThat(near.getIfPresent("k")).isNull();
  }

  @Test
  void stalenessCountsFromWhenTheReadStartedNotFromWhenItsAnswerArrived() {
    MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    NearCache<String, String> near = new NearCache<>(10, Duration.ofSeconds(5), clock);
    long stamp = near.stamp("k");
    long readStart = near.nanos();

    clock.advance(Duration.ofSeconds(4)); // a slow read
    near.fill("k", "v", FAR_FUTURE, stamp, readStart);

    assertThat(near.getIfPresent("k")).isEqualTo("v");
    clock.advance(Duration.ofSeconds(1));
    assertThat(near.getIfPresent("k")).isNull();
  }

  @Test
  void twoOverlappingWritesOfThisNodeLeaveTheKeyUncachedSinceTheirOrderInTheTableIsUnknown() {
    NearCache<String, String> near =
        new NearCache<>(10, Duration.ofMinutes(1), MutableClock.startingNow());
    long first = near.stamp("k");
    long second = near.stamp("k");

    near.put("k", "second", FAR_FUTURE, second, near.nanos()); // finishes first
    near.put("k", "first", FAR_FUTURE, first, near.nanos());

    assertThat(near.getIfPresent("k")).isNull();
  }

  @Test
  void aLoadDoesNotUndoAnInvalidateOfThisNodeThatOverlappedIt() {
    NearCache<String, String> near =
        new NearCache<>(10, Duration.ofMinutes(1), MutableClock.startingNow());
    long stamp = near.stamp("k"); // a load starts

    near.invalidate("k"); // deletes what the load just wrote to the table
    near.put("k", "loaded", FAR_FUTURE, stamp, near.nanos());

    assertThat(near.getIfPresent("k")).isNull();
  }

  @Test
  void anEntryIsDroppedAtItsStalenessOrItsTtlWhicheverComesFirst() {
    MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    long now = clock.instant().getEpochSecond();
    NearCache<String, String> near = new NearCache<>(10, Duration.ofSeconds(10), clock);

    near.put("stale", "v", now + 60, near.stamp("stale"), near.nanos());
    near.put("expiring", "v", now + 3, near.stamp("expiring"), near.nanos());
    clock.advance(Duration.ofSeconds(3));

    assertThat(near.getIfPresent("expiring")).isNull();
    assertThat(near.getIfPresent("stale")).isEqualTo("v");
    clock.advance(Duration.ofSeconds(7));
    assertThat(near.getIfPresent("stale")).isNull();
  }

  @Test
  void aSlowReadDoesNotBringBackAValueThisNodeReplacedMeanwhile() {
    NearCache<String, String> near =
        new NearCache<>(10, Duration.ofMinutes(1), MutableClock.startingNow());
    long stamp = near.stamp("k"); // a reader starts reading the table

    near.put("k", "new", FAR_FUTURE, near.stamp("k"), near.nanos()); // this node writes
    near.fill("k", "old", FAR_FUTURE, stamp, near.nanos()); // the slow read returns the old value

    assertThat(near.getIfPresent("k")).isEqualTo("new");
  }

  @Test
  void aSlowReadDoesNotBringBackAValueThisNodeInvalidatedMeanwhile() {
    NearCache<String, String> near =
        new NearCache<>(10, Duration.ofMinutes(1), MutableClock.startingNow());
    near.put("k", "old", FAR_FUTURE, near.stamp("k"), near.nanos());
    long stamp = near.stamp("k");

    near.invalidate("k");
    near.fill("k", "old", FAR_FUTURE, stamp, near.nanos());

    assertThat(near.getIfPresent("k")).isNull();
  }

  @Test
  void aReadWithNoWriteMeanwhileFillsTheNearCache() {
    NearCache<String, String> near =
        new NearCache<>(10, Duration.ofMinutes(1), MutableClock.startingNow());
    long stamp = near.stamp("k");

    near.fill("k", "read", FAR_FUTURE, stamp, near.nanos());

    assertThat(near.getIfPresent("k")).isEqualTo("read");
  }

  @Test
  void aHugeStalenessDoesNotOverflowTheDeadline() {
    NearCache<String, String> near =
        new NearCache<>(10, Duration.ofDays(365L * 1_000), Clock.systemUTC());

    near.put("k", "v", FAR_FUTURE, near.stamp("k"), near.nanos());

    assertThat(near.getIfPresent("k")).isEqualTo("v");
  }
}
