package io.stickless.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A nanosecond time that one daemon thread per JVM refreshes every millisecond, for the near
 * cache's hit path: reading {@link System#nanoTime()} there would cost more than the whole Caffeine
 * lookup (about 50 ns on virtual machines without a fast clock source).
 */
final class CoarseClock {

  static final long TICK_NANOS = 1_000_000;

  private static final AtomicBoolean started = new AtomicBoolean();
  private static volatile long now = System.nanoTime();

  private CoarseClock() {}

  /** The time of the last tick; never ahead of {@link System#nanoTime()}. */
  static long nanos() {
    return now;
  }

  static void start() {
    if (started.compareAndSet(false, true)) {
      Thread ticker = new Thread(CoarseClock::tick, "stickless-near-cache-clock");
      ticker.setDaemon(true);
      ticker.start();
    }
  }

  private static void tick() {
    while (true) {
      now = System.nanoTime();
      LockSupport.parkNanos(TICK_NANOS);
    }
  }
}
