package io.stickless.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/** Reads the app's measuring endpoints ({@link MeasureServlet}) over HTTP, in or out of process. */
final class AppProbe {

  /** Calls and capacity of one request type (or of the whole store). */
  record Usage(long requests, long calls, long writeCalls, double rcu, double wcu) {
    Usage minus(Usage earlier) {
      return new Usage(
          requests - earlier.requests,
          calls - earlier.calls,
          writeCalls - earlier.writeCalls,
          rcu - earlier.rcu,
          wcu - earlier.wcu);
    }

    Usage plus(Usage other) {
      return new Usage(
          requests + other.requests,
          calls + other.calls,
          writeCalls + other.writeCalls,
          rcu + other.rcu,
          wcu + other.wcu);
    }
  }

  /** Usage by request type, and the store's own count of all its calls (null without a store). */
  record UsageSnapshot(Map<RequestType, Usage> byType, Usage store) {
    UsageSnapshot minus(UsageSnapshot earlier) {
      Map<RequestType, Usage> diff = new EnumMap<>(RequestType.class);
      byType.forEach((t, u) -> diff.put(t, u.minus(earlier.byType.get(t))));
      return new UsageSnapshot(diff, store.minus(earlier.store));
    }

    Usage total() {
      return byType.values().stream().reduce(new Usage(0, 0, 0, 0, 0), Usage::plus);
    }
  }

  /** Raw GetItem latency in the app, microseconds. */
  record RawGet(long n, double p50, double p90, double p99) {}

  private final URI target;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  AppProbe(URI target) {
    this.target = target;
  }

  UsageSnapshot usage() {
    Map<RequestType, Usage> byType = new EnumMap<>(RequestType.class);
    Usage store = new Usage(0, 0, 0, 0, 0);
    for (String line : get("/_bench/usage").split("\n")) {
      String[] words = line.split(" ");
      Map<String, String> f = fields(words);
      if (words[0].equals("STORE")) {
        store =
            new Usage(
                0,
                Long.parseLong(f.get("calls")),
                0,
                Double.parseDouble(f.get("rcu")),
                Double.parseDouble(f.get("wcu")));
      } else {
        byType.put(
            RequestType.valueOf(words[0]),
            new Usage(
                Long.parseLong(f.get("requests")),
                Long.parseLong(f.get("calls")),
                Long.parseLong(f.get("writeCalls")),
                Double.parseDouble(f.get("rcu")),
                Double.parseDouble(f.get("wcu"))));
      }
    }
    return new UsageSnapshot(byType, store);
  }

  /** The app JVM's process CPU time so far. */
  Duration cpu() {
    return Duration.ofNanos(
        Long.parseLong(fields(get("/_bench/cpu").trim().split(" ")).get("nanos")));
  }

  RawGet rawGet(int n) {
    Map<String, String> f = fields(get("/_bench/raw-get?n=" + n).trim().split(" "));
    return new RawGet(
        n,
        Long.parseLong(f.get("p50")) / 1_000.0,
        Long.parseLong(f.get("p90")) / 1_000.0,
        Long.parseLong(f.get("p99")) / 1_000.0);
  }

  /**
   * {@code n} HTTP requests to {@code /_bench/raw-get-once} after {@code warmup} more, one in
   * flight, each timed here as the driver times its requests: one raw {@code GetItem} made from
   * inside a request, loopback HTTP and the container included.
   */
  RawGet rawGetPerRequest(int warmup, int n) {
    for (int i = 0; i < warmup; i++) {
      get("/_bench/raw-get-once");
    }
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      get("/_bench/raw-get-once");
      nanos[i] = System.nanoTime() - start;
    }
    return new RawGet(
        n,
        Percentiles.of(nanos, 50) / 1_000.0,
        Percentiles.of(nanos, 90) / 1_000.0,
        Percentiles.of(nanos, 99) / 1_000.0);
  }

  private static Map<String, String> fields(String[] words) {
    Map<String, String> f = new HashMap<>();
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        f.put(w.substring(0, eq), w.substring(eq + 1));
      }
    }
    return f;
  }

  private String get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(target.resolve(path)).timeout(Duration.ofMinutes(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + target.resolve(path), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
