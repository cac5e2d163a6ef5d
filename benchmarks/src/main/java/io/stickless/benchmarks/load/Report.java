package io.stickless.benchmarks.load;

import io.stickless.benchmarks.load.AppProbe.Usage;
import io.stickless.benchmarks.load.LoadBenchmark.CostRow;
import io.stickless.benchmarks.load.LoadBenchmark.LatencyRow;
import io.stickless.benchmarks.load.LoadBenchmark.Plan;
import io.stickless.session.ConsistentReads;
import java.util.List;
import java.util.Locale;

/** The benchmark's tables, in Markdown, as {@code docs/PERFORMANCE.md} shows them. */
final class Report {

  /** On-demand price of one million read request units, US dollars. */
  static final double READ_PRICE = 0.125;

  /** On-demand price of one million write request units, US dollars. */
  static final double WRITE_PRICE = 0.625;

  private Report() {}

  /** Dollars per million requests that use these units per request. */
  static double pricePerMillion(double rcuPerRequest, double wcuPerRequest) {
    return rcuPerRequest * READ_PRICE + wcuPerRequest * WRITE_PRICE;
  }

  static String cost(List<CostRow> rows, Plan plan) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "## Cost per request (%,d requests counted after %,d warm-up; %d users, 2 requests per"
                + " user per simulated minute)%n%n",
            plan.costRequests(),
            plan.costWarmup(),
            plan.users()));
    s.append(
        "| touch | request | share | calls / 1,000 | writes / 1,000 | RCU / 1,000 | WCU / 1,000 |\n");
    s.append("|---|---|---:|---:|---:|---:|---:|\n");
    for (CostRow row : rows) {
      long all = row.usage().total().requests();
      for (RequestType t : RequestType.values()) {
        Usage u = row.usage().byType().get(t);
        if (u.requests() == 0) {
          continue;
        }
        s.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.1f %% | %.0f | %.0f | %.0f | %.0f |%n",
                touchLabel(row),
                t.label(),
                100.0 * u.requests() / all,
                1000.0 * u.calls() / u.requests(),
                1000.0 * u.writeCalls() / u.requests(),
                1000.0 * u.rcu() / u.requests(),
                1000.0 * u.wcu() / u.requests()));
      }
    }
    s.append("\n| touch | requests | RCU / request | WCU / request | $ per million requests |")
        .append(" lost sessions | stale reads | errors | simulated time |\n");
    s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (CostRow row : rows) {
      Usage total = row.usage().total();
      double rcu = total.rcu() / total.requests();
      double wcu = total.wcu() / total.requests();
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %.3f | %.3f | %.3f | %d | %d | %d | %d min |%n",
              touchLabel(row),
              total.requests(),
              rcu,
              wcu,
              pricePerMillion(rcu, wcu),
              row.load().lost(),
              row.load().stale(),
              row.load().errors(),
              row.load().simulatedTime().toMinutes()));
    }
    return s.toString();
  }

  private static String touchLabel(CostRow row) {
    String touch =
        switch (row.touch()) {
          case DEFAULT -> "default (7.5 min)";
          case STRICT -> "strict (every request)";
          case HALF -> "half (15 min)";
        };
    return row.reads() == ConsistentReads.HINTED ? touch + ", hinted reads" : touch;
  }

  static String latency(List<LatencyRow> rows, Plan plan) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "## Latency, one request in flight, after %,d warm-up requests (%,d measured per phase;"
                + " client-side, loopback HTTP included; call bound: %s)%n%n",
            plan.latencyWarmup(),
            plan.latencyRequests(),
            plan.callBound().label()));
    s.append("| sessions | request | p50 µs | p90 µs | p99 µs |\n|---|---|---:|---:|---:|\n");
    LatencyRow stickless = null;
    LatencyRow container = null;
    for (LatencyRow row : rows) {
      String who = row.sessions() == BenchApp.Sessions.STICKLESS ? "Stickless" : "Jetty in-memory";
      if (row.sessions() == BenchApp.Sessions.STICKLESS) {
        stickless = row;
      } else {
        container = row;
      }
      for (RequestType t : RequestType.values()) {
        LoadResult source = t == RequestType.READ ? row.readOnly() : row.mix();
        LoadResult.ByType b = source.of(t);
        if (b.latencyNanos().length == 0) {
          continue;
        }
        s.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.0f | %.0f | %.0f |%n",
                who,
                t.label(),
                b.percentileMicros(50),
                b.percentileMicros(90),
                b.percentileMicros(99)));
      }
      if (row.rawGet().n() > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "| raw SDK GetItem, 2 KB (in the app, same client) | — | %.0f | %.0f | %.0f |%n",
                row.rawGet().p50(),
                row.rawGet().p90(),
                row.rawGet().p99()));
      }
      if (row.rawGetPerRequest().n() > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "| one raw SDK GetItem per HTTP request (same app and client) | — | %.0f | %.0f"
                    + " | %.0f |%n",
                row.rawGetPerRequest().p50(),
                row.rawGetPerRequest().p90(),
                row.rawGetPerRequest().p99()));
      }
    }
    s.append("\n| sessions | app CPU per read-only request | app CPU per request (mix) |")
        .append(" lost | stale | errors |\n|---|---:|---:|---:|---:|---:|\n");
    for (LatencyRow row : rows) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f ms | %.3f ms | %d | %d | %d |%n",
              row.sessions() == BenchApp.Sessions.STICKLESS ? "Stickless" : "Jetty in-memory",
              row.cpuPerReadOnlyRequest().toNanos() / 1e6,
              row.cpuPerMixRequest().toNanos() / 1e6,
              row.mix().lost() + row.readOnly().lost(),
              row.mix().stale() + row.readOnly().stale(),
              row.mix().errors() + row.readOnly().errors()));
    }
    if (stickless != null && container != null && stickless.rawGet().n() > 0) {
      double added =
          stickless.readOnly().of(RequestType.READ).percentileMicros(50)
              - container.readOnly().of(RequestType.READ).percentileMicros(50);
      s.append(
          String.format(
              Locale.ROOT,
              "%nRead-only request, added latency at p50: %.0f µs = %.2f × one raw GetItem (%.0f"
                  + " µs); goal ≤ 1.2×%n",
              added,
              added / stickless.rawGet().p50(),
              stickless.rawGet().p50()));
      if (stickless.rawGetPerRequest().n() > 0) {
        double inRequest =
            stickless.rawGetPerRequest().p50()
                - container.readOnly().of(RequestType.READ).percentileMicros(50);
        s.append(
            String.format(
                Locale.ROOT,
                "One GetItem made inside a request, the same way (the GetItem-per-request p50"
                    + " minus Jetty's read-only p50): %.0f µs; the read-only request adds %.2f ×"
                    + " that%n",
                inRequest,
                added / inRequest));
      }
    }
    return s.toString();
  }

  /** One line of the call-bound comparison. */
  static String bound(CallBound bound, LatencyRow row) {
    LoadResult.ByType read = row.readOnly().of(RequestType.READ);
    LoadResult.ByType write = row.mix().of(RequestType.WRITE);
    return String.format(
        Locale.ROOT,
        "| %s | %.3f ms | %.3f ms | %.0f µs | %.0f µs | %.0f µs | %d |",
        bound.label(),
        row.cpuPerReadOnlyRequest().toNanos() / 1e6,
        row.cpuPerMixRequest().toNanos() / 1e6,
        read.percentileMicros(50),
        write.percentileMicros(50),
        row.rawGet().p50(),
        row.mix().errors() + row.readOnly().errors());
  }
}
