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

    near.put("k", "v", FAR_FUTURE);

    assertThat(near.getIfPresent("k")).isEqualTo("v");
  }

  @Test
  void onTheSystemClockAStalenessWithinTheTickMarginCachesNothing() {
    NearCache<String, String> near =
        new NearCache<>(10, Duration.ofNanos(NearCache.MARGIN_NANOS), Clock.systemUTC());

    near.put("k", "v", FAR_FUTURE);

    assertThat(near.getIfPresent("k")).isNull();
  }

  @Test
  void anEntryIsDroppedAtItsStalenessOrItsTtlWhicheverComesFirst() {
    MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
    long now = clock.instant().getEpochSecond();
    NearCache<String, String> near = new NearCache<>(10, Duration.ofSeconds(10), clock);

    near.put("stale", "v", now + 60);
    near.put("expiring", "v", now + 3);
    clock.advance(Duration.ofSeconds(3));

    assertThat(near.getIfPresent("expiring")).isNull();
    assertThat(near.getIfPresent("stale")).isEqualTo("v");
    clock.advance(Duration.ofSeconds(7));
    assertThat(near.getIfPresent("stale")).isNull();
  }
}
