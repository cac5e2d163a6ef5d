package io.stickless.servlet;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import org.jspecify.annotations.Nullable;

/**
 * Bounds how many store calls may be waiting on a store that has stopped answering, so that a stall
 * ties up a bounded number of request threads from its first moments instead of every request that
 * arrives before the first call times out.
 *
 * <p>The store counts as <em>stalled</em> when the oldest call in flight has waited at least {@code
 * stallAfter} and no call has been answered for at least {@code stallAfter}. Then a new call is
 * refused while {@code maxWaiting} or more calls are in flight. A healthy store is never limited,
 * however many calls are in flight: its calls keep being answered. A throttling store is not
 * either: DynamoDB answers throttled attempts, and calls keep completing between retries.
 *
 * <p>The lock guards a handful of field updates per store call, nothing that waits.
 */
final class StallBound {

  /** Default of {@code outage-max-waiting-calls}. */
  static final int DEFAULT_MAX_WAITING = SessionFilter.DEFAULT_OUTAGE_MAX_WAITING_CALLS;

  /** Default of {@code outage-stall-after}. */
  static final Duration DEFAULT_STALL_AFTER = SessionFilter.DEFAULT_OUTAGE_STALL_AFTER;

  /** One call in flight; identity is what counts. */
  static final class Call {
    final long startedMillis;

    private Call(long startedMillis) {
      this.startedMillis = startedMillis;
    }
  }

  private final Clock clock;
  private final int maxWaiting;
  private final long stallAfterMillis;

  // insertion order is start order: the first element is the oldest call
  private final LinkedHashSet<Call> inFlight = new LinkedHashSet<>();
  private long lastAnswerMillis;
  private boolean answeredOnce;
  private double consumedUnits;

  /**
   * @param maxWaiting calls allowed to wait on a stalled store; 0 turns the bound off
   */
  StallBound(Clock clock, int maxWaiting, Duration stallAfter) {
    this.clock = clock;
    this.maxWaiting = maxWaiting;
    this.stallAfterMillis = stallAfter.toMillis();
  }

  /** The bound as configured, checked. */
  static StallBound of(Clock clock, int maxWaiting, Duration stallAfter, String what) {
    check(maxWaiting, stallAfter, what);
    return new StallBound(clock, maxWaiting, stallAfter);
  }

  /**
   * @throws IllegalArgumentException when {@code maxWaiting} is negative or {@code stallAfter} not
   *     positive
   */
  static void check(int maxWaiting, Duration stallAfter, String what) {
    if (maxWaiting < 0) {
      throw new IllegalArgumentException(
          what
              + ": the number of calls allowed to wait on a stalled store must be 0 (no bound) or"
              + " positive, but was "
              + maxWaiting);
    }
    if (stallAfter.isNegative() || stallAfter.isZero()) {
      throw new IllegalArgumentException(
          what
              + ": the time without an answer after which the store counts as stalled must be"
              + " positive (e.g. 250ms), but was "
              + stallAfter);
    }
  }

  /**
   * A call begins, unless the store is stalled and {@code maxWaiting} calls already wait on it.
   *
   * @param admit let the call in whatever the bound says (a probe during an outage)
   * @return the call, to hand to {@link #exit}; null when refused
   */
  synchronized @Nullable Call enter(boolean admit) {
    long now = clock.millis();
    if (!admit && maxWaiting > 0 && inFlight.size() >= maxWaiting && stalled(now)) {
      return null;
    }
    Call call = new Call(now);
    inFlight.add(call);
    return call;
  }

  private boolean stalled(long now) {
    long oldest = inFlight.iterator().next().startedMillis;
    return answeredOnce
        && now - oldest >= stallAfterMillis
        && now - lastAnswerMillis >= stallAfterMillis;
  }

  /**
   * A call ended.
   *
   * @param answered whether the store answered it for sure (DynamoDB refused it with an error of
   *     its own, e.g. throttling or a failed condition)
   * @param consumedUnits the capacity units the store has consumed so far: DynamoDB reports them in
   *     its answers, so when they moved since the last exit, some call was answered (a call that
   *     returns normally may have sent nothing, e.g. a save with nothing to write)
   */
  synchronized void exit(Call call, boolean answered, double consumedUnits) {
    inFlight.remove(call);
    boolean moved = consumedUnits != this.consumedUnits;
    this.consumedUnits = consumedUnits;
    if (answered || moved) {
      lastAnswerMillis = clock.millis();
      answeredOnce = true;
    }
  }

  /** Calls in flight now. */
  synchronized int waiting() {
    return inFlight.size();
  }

  /** How long the oldest call in flight has waited, in milliseconds (0 when none). */
  synchronized long oldestWaitMillis() {
    return inFlight.isEmpty() ? 0 : clock.millis() - inFlight.iterator().next().startedMillis;
  }

  int maxWaiting() {
    return maxWaiting;
  }

  Duration stallAfter() {
    return Duration.ofMillis(stallAfterMillis);
  }
}
