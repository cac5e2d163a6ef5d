package io.stickless.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} a test moves by hand, so expiry is tested without sleeping. Thread-safe.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * cache.put("k", "v", Duration.ofSeconds(10));
 * clock.advance(Duration.ofSeconds(11));
 * assertThat(cache.getIfPresent("k")).isNull();
 * }</pre>
 */
public final class MutableClock extends Clock {

  private volatile Instant now;
  private final ZoneId zone;

  private MutableClock(Instant now, ZoneId zone) {
    this.now = Objects.requireNonNull(now, "now");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** A clock standing at {@code start}, in UTC. */
  public static MutableClock startingAt(Instant start) {
    return new MutableClock(start, ZoneOffset.UTC);
  }

  /** A clock standing at the current time (whole seconds), in UTC. */
  public static MutableClock startingNow() {
    return startingAt(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
  }

  /** Moves the clock forward (or back, for a negative duration). */
  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  /** Sets the clock. */
  public void set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(now, zone);
  }
}
