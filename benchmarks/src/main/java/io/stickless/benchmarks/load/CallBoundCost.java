package io.stickless.benchmarks.load;

import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The CPU one DynamoDB call costs this JVM (the caller, the SDK's timer threads, the HTTP client,
 * the JIT and GC; dynalite runs in another process) for each way of bounding its time ({@link
 * CallBound}): a strongly consistent {@code GetItem} and an {@code UpdateItem} of a 2 KB item.
 *
 * <p>CPU, not latency, so that other processes on a shared machine disturb the figures as little as
 * possible. The variants take turns within each round, in an order rotated from round to round (A B
 * C, B C A, ...), so a slow spell of the machine falls on all of them alike. Each phase of calls is
 * followed by a pause of one call timeout plus a margin, counted to that phase: a cancelled SDK
 * timer task stays queued until its deadline, and the timer thread that finally drops it must be
 * billed to the variant that scheduled it, not to the next one. The report gives the median round
 * and the spread (lowest and highest round), and splits the median round's CPU by thread: the
 * calling thread, the SDK's timer threads, other Java threads, and the JVM's own (JIT compiler, GC:
 * process CPU minus all Java threads).
 *
 * <pre>
 * java [-Dbench.jfr=file.jfr] -cp benchmarks/target/benchmarks.jar \
 *     io.stickless.benchmarks.load.CallBoundCost \
 *     [calls per phase] [rounds] [warm-up calls per variant] [variants, e.g. sdk,call]
 * </pre>
 */
public final class CallBoundCost {

  /** Where a phase's CPU went, nanoseconds. */
  record Split(long process, long caller, long timers, long otherJava) {
    long jvm() {
      return Math.max(0, process - caller - timers - otherJava);
    }
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CallBoundCost() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    List<CallBound> variants = new ArrayList<>();
    if (args.length > 3) {
      for (String label : args[3].split(",")) {
        variants.add(CallBound.ofLabel(label));
      }
    } else {
      variants.addAll(List.of(CallBound.values()));
    }
    long tailMillis = CallBound.CALL_TIMEOUT.toMillis() + 300;
    try (LocalDynamoDb dynamoDb = LocalDynamoDb.start()) {
      URI endpoint = dynamoDb.endpoint();
      String table = LocalDynamoDb.uniqueTableName("call-bound");
      Map<CallBound, DynamoDbClient> clients = new EnumMap<>(CallBound.class);
      for (CallBound bound : variants) {
        clients.put(
            bound,
            BenchApp.client(
                new BenchApp.Config(
                    BenchApp.Sessions.STICKLESS, BenchApp.Touch.DEFAULT, bound, 0, endpoint, table),
                new UsageByType()));
      }
      DynamoDbClient any = clients.get(variants.get(0));
      DynamoDbTables.prepare(any, TableSpec.of(table), TableMode.CREATE);
      GetItemRequest get = RawItem.put(any, table, "bench:call-bound");
      UpdateItemRequest update =
          UpdateItemRequest.builder()
              .tableName(table)
              .key(get.key())
              .updateExpression("SET n = :n")
              .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("1")))
              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
              .build();
      // warm-up: the JIT settles on every variant's path before anything is counted
      for (CallBound bound : variants) {
        DynamoDbClient c = clients.get(bound);
        for (int i = 0; i < warmup; i++) {
          call(() -> c.getItem(get));
          call(() -> c.updateItem(update));
        }
      }
      Thread.sleep(tailMillis);
      jdk.jfr.Recording recording = startRecording();
      Map<CallBound, Split[]> gets = new EnumMap<>(CallBound.class);
      Map<CallBound, Split[]> updates = new EnumMap<>(CallBound.class);
      for (CallBound bound : variants) {
        gets.put(bound, new Split[rounds]);
        updates.put(bound, new Split[rounds]);
      }
      for (int r = 0; r < rounds; r++) {
        for (int v = 0; v < variants.size(); v++) {
          CallBound bound = variants.get((v + r) % variants.size());
          DynamoDbClient c = clients.get(bound);
          gets.get(bound)[r] = phase(() -> c.getItem(get), calls, tailMillis);
          updates.get(bound)[r] = phase(() -> c.updateItem(update), calls, tailMillis);
        }
      }
      if (recording != null) {
        recording.stop();
        recording.dump(Path.of(System.getProperty("bench.jfr")));
        recording.close();
      }
      System.out.println(report(variants, gets, updates, calls, rounds, warmup));
      clients.values().forEach(DynamoDbClient::close);
    }
  }

  /**
   * With {@code -Dbench.jfr=file.jfr}, a JFR recording of execution samples (every 10 ms) of the
   * measured rounds only, warm-up excluded; summarise it with {@link JfrByThread}.
   */
  private static jdk.jfr.@Nullable Recording startRecording() throws Exception {
    if (System.getProperty("bench.jfr") == null) {
      return null;
    }
    // execution samples only: the JDK's "profile" settings cost this JVM several times a call
    jdk.jfr.Recording recording = new jdk.jfr.Recording();
    recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
    recording.start();
    return recording;
  }

  /** {@code calls} calls, then a pause for the timer tasks they left; CPU per call by thread. */
  private static Split phase(Runnable call, int calls, long tailMillis)
      throws InterruptedException {
    Map<Long, Long> threads0 = threadCpu();
    long process0 = OS.getProcessCpuTime();
    for (int i = 0; i < calls; i++) {
      call(call);
    }
    Thread.sleep(tailMillis);
    long process1 = OS.getProcessCpuTime();
    Map<Long, Long> threads1 = threadCpu();
    long caller = 0;
    long timers = 0;
    long other = 0;
    long self = Thread.currentThread().getId();
    for (ThreadInfo info : THREADS.getThreadInfo(toArray(threads1.keySet()))) {
      if (info == null) {
        continue;
      }
      long id = info.getThreadId();
      long used = threads1.get(id) - threads0.getOrDefault(id, 0L);
      if (id == self) {
        caller += used;
      } else if (info.getThreadName().startsWith(CallBound.TIMER_THREAD_PREFIX)) {
        timers += used;
      } else {
        other += used;
      }
    }
    return new Split((process1 - process0) / calls, caller / calls, timers / calls, other / calls);
  }

  private static final java.util.concurrent.atomic.AtomicLong FAILED =
      new java.util.concurrent.atomic.AtomicLong();

  /** One call; on an overloaded machine one may exceed its bound: counted, not fatal. */
  private static void call(Runnable call) {
    try {
      call.run();
    } catch (software.amazon.awssdk.core.exception.SdkException e) {
      FAILED.incrementAndGet();
    }
  }

  private static Map<Long, Long> threadCpu() {
    Map<Long, Long> cpu = new java.util.HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long nanos = THREADS.getThreadCpuTime(id);
      if (nanos >= 0) {
        cpu.put(id, nanos);
      }
    }
    return cpu;
  }

  private static long[] toArray(java.util.Set<Long> ids) {
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  static String report(
      List<CallBound> variants,
      Map<CallBound, Split[]> gets,
      Map<CallBound, Split[]> updates,
      int calls,
      int rounds,
      int warmup) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "CPU per call of this JVM, µs: median of %d rounds of %,d calls per variant and"
                + " operation [lowest–highest round], after %,d warm-up calls of each operation"
                + " per variant; %d calls failed (timed out on an overloaded machine)%n%n",
            rounds,
            calls,
            warmup,
            FAILED.get()));
    out.append("| call bound | CPU per GetItem | CPU per UpdateItem |\n|---|---:|---:|\n");
    for (CallBound bound : variants) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s |%n",
              bound.label(),
              spread(gets.get(bound)),
              spread(updates.get(bound))));
    }
    out.append(
        "\nWhere the CPU of the median round went, µs per call (caller thread / SDK timer threads"
            + " / other Java threads / JVM: JIT, GC):\n\n"
            + "| call bound | GetItem | timers' share | UpdateItem | timers' share |\n"
            + "|---|---|---:|---|---:|\n");
    for (CallBound bound : variants) {
      Split g = medianRound(gets.get(bound));
      Split u = medianRound(updates.get(bound));
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.1f %% | %s | %.1f %% |%n",
              bound.label(),
              parts(g),
              100.0 * g.timers() / Math.max(1, g.process()),
              parts(u),
              100.0 * u.timers() / Math.max(1, u.process())));
    }
    return out.toString();
  }

  private static String spread(Split[] rounds) {
    long[] process = Arrays.stream(rounds).mapToLong(Split::process).sorted().toArray();
    return String.format(
        Locale.ROOT,
        "%.1f [%.1f–%.1f]",
        process[process.length / 2] / 1e3,
        process[0] / 1e3,
        process[process.length - 1] / 1e3);
  }

  private static Split medianRound(Split[] rounds) {
    Split[] sorted = rounds.clone();
    Arrays.sort(sorted, java.util.Comparator.comparingLong(Split::process));
    return sorted[sorted.length / 2];
  }

  private static String parts(Split s) {
    return String.format(
        Locale.ROOT,
        "%.1f / %.1f / %.1f / %.1f",
        s.caller() / 1e3,
        s.timers() / 1e3,
        s.otherJava() / 1e3,
        s.jvm() / 1e3);
  }
}
