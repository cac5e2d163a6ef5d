package io.stickless.benchmarks.load;

import io.stickless.benchmarks.load.AppProbe.RawGet;
import io.stickless.benchmarks.load.AppProbe.UsageSnapshot;
import io.stickless.benchmarks.load.BenchApp.Sessions;
import io.stickless.benchmarks.load.BenchApp.Touch;
import io.stickless.session.ConsistentReads;
import io.stickless.testing.LocalDynamoDb;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The load benchmark: starts dynalite, runs the benchmark app ({@link BenchApp}) and the driver
 * ({@link LoadDriver}), and prints the tables of {@code docs/PERFORMANCE.md}. Run from the
 * repository root (so dynalite is found):
 *
 * <pre>
 * ./mvnw -B -ntp -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.stickless.benchmarks.load.LoadBenchmark [cost] [cost-hinted] [latency] [bounds] [warmup]
 * </pre>
 *
 * <p>{@code cost}: calls and units per 1,000 requests by type, for each touch policy with strongly
 * consistent reads and for the default touch with {@link ConsistentReads#HINTED} reads (the app in
 * this JVM; cost does not depend on load); {@code cost-hinted}: only the last of those. {@code
 * latency}: percentiles by type, the raw {@code GetItem} baseline and CPU per request, for
 * Stickless and for Jetty's in-memory sessions, each app in a JVM of its own. {@code bounds}: CPU
 * per request and latency for each way of bounding a call's time ({@link CallBound}). {@code
 * warmup}: CPU per request over successive windows of requests from a fresh app JVM, to see when
 * the JIT has settled ({@code bench.warmup-window}, {@code bench.warmup-windows}). Sizes: system
 * properties {@code bench.users}, {@code bench.requests}, {@code bench.warmup}, {@code
 * bench.latency-requests}, {@code bench.latency-warmup}, {@code bench.timeouts} (a {@link
 * CallBound}); {@code bench.app-jvm-options} adds options to the app JVMs (e.g. {@code
 * -XX:StartFlightRecording=filename=app.jfr,settings=profile} to profile them).
 */
public final class LoadBenchmark {

  /**
   * The sizes of a run.
   *
   * @param users virtual users
   * @param concurrency requests in flight during cost runs and warm-ups (latency is measured with
   *     one in flight)
   * @param costWarmup requests before the cost is counted (reaches the steady state of touches)
   * @param costRequests requests counted for cost
   * @param latencyWarmup requests to warm up the app's JIT before latency is measured
   * @param latencyRequests requests measured for latency and CPU, per phase
   * @param maxRunTime wall-time bound of each driver run
   * @param callBound how the app's client bounds a call's time
   */
  record Plan(
      int users,
      int concurrency,
      long costWarmup,
      long costRequests,
      long latencyWarmup,
      long latencyRequests,
      Duration maxRunTime,
      CallBound callBound) {

    static Plan full() {
      return new Plan(
          Integer.getInteger("bench.users", 100),
          4,
          Long.getLong("bench.warmup", 3_000),
          Long.getLong("bench.requests", 10_000),
          Long.getLong("bench.latency-warmup", 40_000),
          Long.getLong("bench.latency-requests", 10_000),
          Duration.ofMinutes(10),
          CallBound.ofLabel(System.getProperty("bench.timeouts", "call")));
    }
  }

  /** One touch policy's cost, with one way of reading. */
  record CostRow(Touch touch, ConsistentReads reads, UsageSnapshot usage, LoadResult load) {}

  /** One session keeper's latency and CPU. */
  record LatencyRow(
      Sessions sessions,
      LoadResult mix,
      LoadResult readOnly,
      Duration cpuPerMixRequest,
      Duration cpuPerReadOnlyRequest,
      RawGet rawGet,
      RawGet rawGetPerRequest) {}

  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> parts = args.length == 0 ? List.of("cost", "latency") : List.of(args);
    Plan plan = Plan.full();
    try (LocalDynamoDb dynamoDb = LocalDynamoDb.start()) {
      if (parts.contains("cost")) {
        List<CostRow> rows = new ArrayList<>();
        for (Touch touch : Touch.values()) {
          rows.add(cost(dynamoDb.endpoint(), touch, plan));
        }
        rows.add(cost(dynamoDb.endpoint(), Touch.DEFAULT, ConsistentReads.HINTED, plan));
        System.out.println(Report.cost(rows, plan));
      } else if (parts.contains("cost-hinted")) {
        CostRow hinted = cost(dynamoDb.endpoint(), Touch.DEFAULT, ConsistentReads.HINTED, plan);
        System.out.println(Report.cost(List.of(hinted), plan));
      }
      if (parts.contains("bounds")) {
        List<LatencyRow> rows = new ArrayList<>();
        for (CallBound bound : CallBound.values()) {
          Plan variant =
              new Plan(
                  plan.users(),
                  plan.concurrency(),
                  plan.costWarmup(),
                  plan.costRequests(),
                  plan.latencyWarmup(),
                  plan.latencyRequests(),
                  plan.maxRunTime(),
                  bound);
          rows.add(latencyInChildJvm(dynamoDb.endpoint(), Sessions.STICKLESS, variant));
          System.out.println(Report.bound(bound, rows.get(rows.size() - 1)));
        }
      }
      if (parts.contains("warmup")) {
        System.out.println(warmUp(dynamoDb.endpoint(), plan));
      }
      if (parts.contains("latency")) {
        List<LatencyRow> rows = new ArrayList<>();
        for (Sessions sessions : Sessions.values()) {
          rows.add(latencyInChildJvm(dynamoDb.endpoint(), sessions, plan));
        }
        System.out.println(Report.latency(rows, plan));
      }
    }
  }

  /** The cost of the reference workload under one touch policy, the app in this JVM. */
  static CostRow cost(URI endpoint, Touch touch, Plan plan) throws Exception {
    return cost(endpoint, touch, ConsistentReads.ALWAYS, plan);
  }

  /** The same with session reads made as {@code reads} says. */
  static CostRow cost(URI endpoint, Touch touch, ConsistentReads reads, Plan plan)
      throws Exception {
    BenchApp.Config config =
        new BenchApp.Config(
            Sessions.STICKLESS,
            touch,
            plan.callBound(),
            0,
            endpoint,
            LocalDynamoDb.uniqueTableName("bench-cost-" + touch.name().toLowerCase(Locale.ROOT)),
            reads);
    try (BenchApp app = BenchApp.start(config)) {
      LoadDriver driver = driver(app.uri(), plan, LoadDriver.Mix.REFERENCE, plan.concurrency());
      AppProbe probe = new AppProbe(app.uri());
      if (plan.costWarmup() > 0) {
        driver.run(plan.costWarmup(), plan.maxRunTime());
      }
      UsageSnapshot before = probe.usage();
      LoadResult load = driver.run(plan.costRequests(), plan.maxRunTime());
      return new CostRow(touch, reads, probe.usage().minus(before), load);
    }
  }

  /** Latency and CPU of one session keeper, its app in a JVM of its own. */
  static LatencyRow latencyInChildJvm(URI endpoint, Sessions sessions, Plan plan) throws Exception {
    BenchApp.Config config =
        new BenchApp.Config(
            sessions,
            Touch.DEFAULT,
            plan.callBound(),
            0,
            endpoint,
            LocalDynamoDb.uniqueTableName("bench-latency"));
    try (ChildApp app = ChildApp.start(config, appJvmOptions())) {
      return latency(app.uri(), sessions, plan);
    }
  }

  /**
   * How long the JIT takes to settle: the app's CPU per request of the reference mix over
   * successive windows of requests, from a fresh JVM (Stickless, default touch, the plan's call
   * bound). The JVM's process CPU includes its JIT compiler threads, so CPU per request falls as
   * the request path gets compiled and levels off when it is.
   */
  static String warmUp(URI endpoint, Plan plan) throws Exception {
    long window = Long.getLong("bench.warmup-window", 2_500);
    int windows = Integer.getInteger("bench.warmup-windows", 24);
    BenchApp.Config config =
        new BenchApp.Config(
            Sessions.STICKLESS,
            Touch.DEFAULT,
            plan.callBound(),
            0,
            endpoint,
            LocalDynamoDb.uniqueTableName("bench-warmup"));
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "App CPU per request of the reference mix, windows of %,d requests from a fresh JVM"
                    + " (%d in flight, call bound %s)%n%n| requests so far | app CPU per request |"
                    + " wall time of the window |%n|---:|---:|---:|%n",
                window,
                plan.concurrency(),
                plan.callBound().label()));
    try (ChildApp app = ChildApp.start(config, appJvmOptions())) {
      AppProbe probe = new AppProbe(app.uri());
      LoadDriver driver = driver(app.uri(), plan, LoadDriver.Mix.REFERENCE, plan.concurrency());
      long done = 0;
      for (int w = 0; w < windows; w++) {
        Duration cpu0 = probe.cpu();
        long start = System.nanoTime();
        LoadResult load = driver.run(window, plan.maxRunTime());
        long wall = System.nanoTime() - start;
        Duration cpu = probe.cpu().minus(cpu0);
        done += load.requests();
        out.append(
            String.format(
                Locale.ROOT,
                "| %,d | %.0f µs | %.1f s |%n",
                done,
                cpu.toNanos() / 1e3 / Math.max(1, load.requests()),
                wall / 1e9));
      }
    }
    return out.toString();
  }

  private static List<String> appJvmOptions() {
    List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx256m"));
    String extra = System.getProperty("bench.app-jvm-options", "");
    if (!extra.isBlank()) {
      jvm.addAll(List.of(extra.trim().split("\\s+")));
    }
    return jvm;
  }

  static LatencyRow latency(URI target, Sessions sessions, Plan plan) throws Exception {
    AppProbe probe = new AppProbe(target);
    LoadDriver driver = driver(target, plan, LoadDriver.Mix.REFERENCE, plan.concurrency());
    if (plan.latencyWarmup() > 0) {
      driver.run(plan.latencyWarmup(), plan.maxRunTime());
    }
    LoadDriver single = driver(target, plan, LoadDriver.Mix.REFERENCE, 1);
    single.run(Math.min(plan.users(), plan.latencyRequests()), plan.maxRunTime()); // sessions
    Duration cpu0 = probe.cpu();
    LoadResult mix = single.run(plan.latencyRequests(), plan.maxRunTime());
    Duration cpu1 = probe.cpu();
    LoadDriver reader = driver(target, plan, LoadDriver.Mix.READ_ONLY, 1);
    reader.run(plan.users(), plan.maxRunTime()); // every user gets its session
    Duration cpu2 = probe.cpu();
    LoadResult readOnly = reader.run(plan.latencyRequests(), plan.maxRunTime());
    Duration cpu3 = probe.cpu();
    RawGet none = new RawGet(0, 0, 0, 0);
    RawGet raw = sessions == Sessions.STICKLESS ? probe.rawGet((int) plan.latencyRequests()) : none;
    // the endpoint is new to the JIT: warmed with a fifth of the mix's warm-up first
    RawGet rawPerRequest =
        sessions == Sessions.STICKLESS
            ? probe.rawGetPerRequest((int) (plan.latencyWarmup() / 5), (int) plan.latencyRequests())
            : none;
    return new LatencyRow(
        sessions,
        mix,
        readOnly,
        cpu1.minus(cpu0).dividedBy(Math.max(1, mix.requests())),
        cpu3.minus(cpu2).dividedBy(Math.max(1, readOnly.requests())),
        raw,
        rawPerRequest);
  }

  static LoadDriver driver(URI target, Plan plan, LoadDriver.Mix mix, int concurrency) {
    return new LoadDriver(
        new LoadDriver.Settings(
            target, Math.max(plan.users(), concurrency), concurrency, mix, 2.0, 42));
  }
}
