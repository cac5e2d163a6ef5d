package io.stickless.benchmarks.load;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one driver run saw, by request type: latencies (as the client measured them, HTTP on
 * loopback included), lost sessions, stale reads and errors; the run's wall time and the simulated
 * time it covered. Immutable.
 */
final class LoadResult {

  /** One request type's figures. */
  record ByType(long[] latencyNanos, long lost, long stale, long errors) {
    long requests() {
      return latencyNanos.length + errors;
    }

    double percentileMicros(double p) {
      return Percentiles.of(latencyNanos, p) / 1_000.0;
    }
  }

  private final Map<RequestType, ByType> byType;
  private final Duration wallTime;
  private final Duration simulatedTime;
  private final String firstError;

  private LoadResult(
      Map<RequestType, ByType> byType,
      Duration wallTime,
      Duration simulatedTime,
      String firstError) {
    this.byType = byType;
    this.wallTime = wallTime;
    this.simulatedTime = simulatedTime;
    this.firstError = firstError;
  }

  ByType of(RequestType type) {
    return byType.get(type);
  }

  long requests() {
    return byType.values().stream().mapToLong(ByType::requests).sum();
  }

  long lost() {
    return byType.values().stream().mapToLong(ByType::lost).sum();
  }

  long stale() {
    return byType.values().stream().mapToLong(ByType::stale).sum();
  }

  long errors() {
    return byType.values().stream().mapToLong(ByType::errors).sum();
  }

  /** The first error's description, or empty. */
  String firstError() {
    return firstError;
  }

  Duration wallTime() {
    return wallTime;
  }

  Duration simulatedTime() {
    return simulatedTime;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("LoadResult{requests=").append(requests());
    byType.forEach(
        (t, b) ->
            s.append(", ")
                .append(t.label())
                .append("=")
                .append(b.requests())
                .append(" p50=")
                .append(b.percentileMicros(50))
                .append("us"));
    return s.append(", lost=")
        .append(lost())
        .append(", stale=")
        .append(stale())
        .append(", errors=")
        .append(errors())
        .append(firstError.isEmpty() ? "" : " (first: " + firstError + ")")
        .append(", wall=")
        .append(wallTime)
        .append(", simulated=")
        .append(simulatedTime)
        .append('}')
        .toString();
  }

  /** Collects a run's figures from the driver's workers. Thread-safe. */
  static final class Recorder {
    private final Map<RequestType, long[]> latencies = new EnumMap<>(RequestType.class);
    private final Map<RequestType, Integer> sizes = new EnumMap<>(RequestType.class);
    private final Map<RequestType, long[]> counts = new EnumMap<>(RequestType.class);
    private String firstError = "";

    Recorder() {
      for (RequestType t : RequestType.values()) {
        latencies.put(t, new long[64]);
        sizes.put(t, 0);
        counts.put(t, new long[3]); // lost, stale, errors
      }
    }

    synchronized void latency(RequestType type, long nanos) {
      long[] a = latencies.get(type);
      int n = sizes.get(type);
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
        latencies.put(type, a);
      }
      a[n] = nanos;
      sizes.put(type, n + 1);
    }

    synchronized void lost(RequestType type) {
      counts.get(type)[0]++;
    }

    synchronized void stale(RequestType type) {
      counts.get(type)[1]++;
    }

    synchronized void error(RequestType type, String what) {
      counts.get(type)[2]++;
      if (firstError.isEmpty()) {
        firstError = type.label() + ": " + what;
      }
    }

    synchronized LoadResult result(Duration wallTime, Duration simulatedTime) {
      Map<RequestType, ByType> byType = new EnumMap<>(RequestType.class);
      for (RequestType t : RequestType.values()) {
        long[] c = counts.get(t);
        byType.put(t, new ByType(Arrays.copyOf(latencies.get(t), sizes.get(t)), c[0], c[1], c[2]));
      }
      return new LoadResult(byType, wallTime, simulatedTime, firstError);
    }
  }
}
