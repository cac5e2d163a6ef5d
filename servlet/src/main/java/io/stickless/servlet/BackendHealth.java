package io.stickless.servlet;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs an outage once: WARN when the first request fails, INFO when a request succeeds again. */
final class BackendHealth {

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  private final AtomicBoolean down = new AtomicBoolean();

  void failed(RuntimeException e) {
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

  boolean isDown() {
    return down.get();
  }
}
