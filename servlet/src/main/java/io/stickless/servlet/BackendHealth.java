package io.stickless.servlet;

import io.stickless.BackendThrottledException;
import io.stickless.BackendUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's health as requests see it. Logs an outage once (WARN when the first request fails,
 * INFO when a request succeeds again) and, during an outage, makes requests fail fast: for {@code
 * failFast} after the last failure, requests that need the store are answered 503 without trying it
 * (so they do not each wait for the SDK's timeouts); then one request probes the store while the
 * others keep failing fast for another window.
 *
 * <p>A failure of a request that began using the store before the last success does not open the
 * window: a call that hung through an outage and timed out after the store came back says nothing
 * about the store now (it is logged at DEBUG).
 *
 * <p>A store that stops answering is noticed before any call times out: {@link StallBound} refuses
 * calls beyond its limit and reports it here ({@link #stalled}), which logs the outage; the window
 * opens when the first call fails.
 *
 * <p>Throttling that outlasted the SDK's retries ({@link BackendThrottledException}) is not an
 * outage: DynamoDB answered. The request gets its 503, but no fail-fast window opens, and it is
 * logged at WARN at most once a minute.
 */
final class BackendHealth {

  /** Default length of the fail-fast window after a failed store call. */
  static final Duration DEFAULT_FAIL_FAST = Duration.ofSeconds(1);

  /** At most one WARN about throttling per this interval. */
  static final Duration THROTTLE_LOG_INTERVAL = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  private final Clock clock;
  private final long failFastMillis;
  private final AtomicBoolean down = new AtomicBoolean();
  // whether the outage was logged: a stall is logged before any call has failed
  private final AtomicBoolean reported = new AtomicBoolean();
  private final AtomicLong lastFailureMillis = new AtomicLong();
  private final AtomicLong lastSuccessMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong failedFast = new AtomicLong();
  private final AtomicLong lostCommits = new AtomicLong();
  private final AtomicLong unavailableResponses = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong lastThrottleLogMillis = new AtomicLong(Long.MIN_VALUE / 2);

  BackendHealth() {
    this(Clock.systemUTC(), DEFAULT_FAIL_FAST);
  }

  BackendHealth(Clock clock, Duration failFast) {
    this.clock = clock;
    this.failFastMillis = failFast.toMillis();
  }

  /**
   * The time {@link #failed(RuntimeException, long)} wants: when a request began using the store.
   */
  long now() {
    return clock.millis();
  }

  /** A store call that began just now failed. */
  void failed(RuntimeException e) {
    failed(e, clock.millis());
  }

  /**
   * A store call failed.
   *
   * @param startedMillis {@link #now()} when the request began using the store: a failure of a
   *     request that began before the last success does not open the fail-fast window
   */
  void failed(RuntimeException e, long startedMillis) {
    if (e instanceof BackendThrottledException) {
      throttled(e);
      return;
    }
    if (startedMillis < lastSuccessMillis.get()) {
      log.debug(
          "Session store call failed, but it began before the store last answered; no fail-fast: {}",
          e.toString());
      return;
    }
    lastFailureMillis.set(clock.millis());
    down.set(true);
    if (reported.compareAndSet(false, true)) {
      log.warn(
          "Session store unreachable, answering 503 until it recovers (logged once per outage): {}",
          e.toString());
    } else {
      log.debug("Session store still unreachable: {}", e.toString());
    }
  }

  /**
   * The {@link StallBound} refused a call: calls are waiting on a store that answers none of them.
   * Logs the outage (one WARN per outage, as for a failed call) and counts the refused request as
   * failed fast. Opens no fail-fast window: only requests beyond the bound are refused, so a store
   * that was merely slow for a moment costs a few 503s, not a window of them; the first call that
   * times out opens the window.
   *
   * @return the exception to throw, so the filter answers 503
   */
  FailFastException stalled(int waitingCalls, long oldestWaitMillis) {
    failedFast.incrementAndGet();
    if (reported.compareAndSet(false, true)) {
      log.warn(
          "Session store not answering: {} calls waiting, the oldest for {} ms, none answered"
              + " meanwhile; answering 503 to requests beyond them until it answers (logged once"
              + " per outage)",
          waitingCalls,
          oldestWaitMillis);
    } else {
      log.debug("Session store still not answering, {} calls waiting", waitingCalls);
    }
    return new FailFastException(
        "Session store not answering: "
            + waitingCalls
            + " requests already wait on it (the outage-max-waiting-calls bound); answering 503"
            + " without trying it");
  }

  /** Whether requests are being failed fast now: the store is down and fail-fast is on. */
  boolean failingFast() {
    return failFastMillis > 0 && down.get();
  }

  private void throttled(RuntimeException e) {
    long count = throttled.incrementAndGet();
    long now = clock.millis();
    long last = lastThrottleLogMillis.get();
    if (now - last >= THROTTLE_LOG_INTERVAL.toMillis()
        && lastThrottleLogMillis.compareAndSet(last, now)) {
      log.warn(
          "DynamoDB throttled the session store beyond the SDK's retries; the requests affected"
              + " get 503, others go on (throttling, not an outage; logged at most once a minute,"
              + " {} so far): {}",
          count,
          e.getMessage());
    } else {
      log.debug("Session store call throttled: {}", e.getMessage());
    }
  }

  /** Calls throttled beyond the SDK's retries since start. */
  long throttled() {
    return throttled.get();
  }

  void succeeded() {
    lastSuccessMillis.set(clock.millis());
    down.set(false);
    if (reported.get() && reported.compareAndSet(true, false)) {
      log.info("Session store reachable again; sessions served normally");
    }
  }

  /**
   * Throws when a request should not try the store now: the store is down and either the fail-fast
   * window since the last failure is still open or another request is probing.
   *
   * @throws FailFastException so the filter answers 503 without counting a new failure
   */
  void checkAvailable() {
    if (failFastMillis == 0 || !down.get()) {
      return;
    }
    long last = lastFailureMillis.get();
    long now = clock.millis();
    // the request that moves the window on is the one probe
    if (now - last < failFastMillis || !lastFailureMillis.compareAndSet(last, now)) {
      failedFast.incrementAndGet();
      throw new FailFastException();
    }
  }

  /** Records that a request's session changes could not be saved after its response went out. */
  void lostCommit() {
    lostCommits.incrementAndGet();
  }

  /** Records that a request was answered 503 because of the store. */
  void answeredUnavailable() {
    unavailableResponses.incrementAndGet();
  }

  /** Read by {@link SessionFilter#lostCommits()}, for metrics. */
  long lostCommits() {
    return lostCommits.get();
  }

  /** Read by {@link SessionFilter#failedFastRequests()}, for metrics. */
  long failedFast() {
    return failedFast.get();
  }

  /** Read by {@link SessionFilter#unavailableResponses()}, for metrics. */
  long unavailableResponses() {
    return unavailableResponses.get();
  }

  /** A request refused during the fail-fast window; no store call was made. */
  static final class FailFastException extends BackendUnavailableException {
    private static final long serialVersionUID = 1L;

    FailFastException() {
      this(
          "Session store unreachable: answering 503 without trying it until the outage-fail-fast"
              + " window has passed");
    }

    FailFastException(String message) {
      super(message, null);
    }
  }
}
