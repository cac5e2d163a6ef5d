package io.stickless.benchmarks.load;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark app's clock: during a request it stands at the simulated time the load driver sent
 * with that request ({@link #HEADER}, epoch milliseconds), so the session store records accesses
 * and touches as if each virtual user's requests arrived minutes apart, while the run itself takes
 * seconds. Outside a request (or for a request without the header) it stands at the latest
 * simulated time seen, which never goes back. Test-only: a production app must never let a client
 * set its clock.
 */
final class SimulatedClock extends Clock {

  /** The request header carrying the simulated time, in epoch milliseconds. */
  static final String HEADER = "X-Bench-Sim-Time";

  private final ThreadLocal<long[]> current = new ThreadLocal<>();
  private final AtomicLong latest;

  SimulatedClock(Instant start) {
    this.latest = new AtomicLong(start.toEpochMilli());
  }

  /** Sets this thread's time for the request it is serving; {@link #clear()} when it ends. */
  void enter(long epochMillis) {
    latest.accumulateAndGet(epochMillis, Math::max);
    long[] slot = current.get();
    if (slot == null) {
      slot = new long[1];
      current.set(slot);
    }
    slot[0] = epochMillis;
  }

  /** Ends this thread's request: the clock reads the latest simulated time again. */
  void clear() {
    long[] slot = current.get();
    if (slot != null) {
      slot[0] = Long.MIN_VALUE;
    }
  }

  @Override
  public long millis() {
    long[] slot = current.get();
    return slot != null && slot[0] != Long.MIN_VALUE ? slot[0] : latest.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulated clock is UTC only");
  }
}
