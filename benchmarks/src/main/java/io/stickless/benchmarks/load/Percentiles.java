package io.stickless.benchmarks.load;

import java.util.Arrays;

/** Nearest-rank percentiles of recorded durations. */
final class Percentiles {

  private Percentiles() {}

  /**
   * The {@code p}th percentile (0 &lt; p &le; 100) of {@code nanos}, in nanoseconds; 0 if empty.
   */
  static long of(long[] nanos, double p) {
    if (nanos.length == 0) {
      return 0;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
