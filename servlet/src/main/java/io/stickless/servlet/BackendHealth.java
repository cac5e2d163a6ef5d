package io.stickless.servlet;

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
 */
final class BackendHealth {

  /** Default length of the fail-fast window after a failed store call. */
  static final Duration DEFAULT_FAIL_FAST = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  private final Clock clock;
  private final long failFastMillis;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicLong lastFailureMillis = new AtomicLong();
  private final AtomicLong failedFast = new AtomicLong();
  private final AtomicLong lostCommits = new AtomicLong();
  private final AtomicLong unavailableResponses = new AtomicLong();

  BackendHealth() {
    this(Clock.systemUTC(), DEFAULT_FAIL_FAST);
  }

  BackendHealth(Clock clock, Duration failFast) {
    this.clock = clock;
    this.failFastMillis = failFast.toMillis();
  }

  void failed(RuntimeException e) {
    lastFailureMillis.set(clock.millis());
    if (down.compareAndSet(false, true)) {
      log.warn(
          "Session store unreachable, answering 503 until it recovers (logged once per outage): {}",
          e.toString());
    } else {
      log.debug("Session store still unreachable: {}", e.toString());
    }
  }

  void succeeded() {
    if (down.get() && down.compareAndSet(true, false)) {
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
      super(
          "Session store unreachable: answering 503 without trying it until the outage-fail-fast"
              + " window has passed",
          null);
    }
  }
}
