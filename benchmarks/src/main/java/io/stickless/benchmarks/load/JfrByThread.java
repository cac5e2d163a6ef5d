package io.stickless.benchmarks.load;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of {@link CallBoundCost} ({@code -Dbench.jfr=file.jfr}) by thread: the
 * share of CPU samples ({@code jdk.ExecutionSample}: threads running Java code) of the calling
 * thread, the SDK's timer threads and the rest; the samples by component (the innermost library
 * frame: SigV4 signing, the Apache client, the SDK's timers...); and the timer threads' hottest
 * methods. A thread waking in the kernel or the JVM is not sampled, so the timers' exact CPU is
 * {@link CallBoundCost}'s thread split, not this.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.stickless.benchmarks.load.JfrByThread sdk.jfr [top]
 * </pre>
 */
public final class JfrByThread {

  private JfrByThread() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    Map<String, Integer> byGroup = new LinkedHashMap<>();
    Map<String, Integer> components = new HashMap<>();
    Map<String, Integer> timerHot = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      if (!type.equals("jdk.ExecutionSample")) {
        // native samples are threads parked or blocked in a socket read: not CPU
        continue;
      }
      RecordedThread thread = e.getThread("sampledThread");
      String group = group(thread == null ? null : thread.getJavaName());
      samples++;
      byGroup.merge(group, 1, Integer::sum);
      components.merge(
          group.equals(TIMERS) ? "SDK timer threads" : component(e.getStackTrace()),
          1,
          Integer::sum);
      if (group.equals(TIMERS)) {
        timerHot.merge(leaf(e.getStackTrace()), 1, Integer::sum);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT, "%,d CPU samples%n%n| threads | share |%n|---|---:|%n", samples));
    for (Map.Entry<String, Integer> g : byGroup.entrySet()) {
      out.append(
          String.format(
              Locale.ROOT, "| %s | %.1f %% |%n", g.getKey(), 100.0 * g.getValue() / samples));
    }
    out.append("\nBy component (the innermost library frame of each sample):\n\n");
    appendTop(out, components, samples, top);
    out.append("\nHottest methods of the SDK timer threads (share of all samples):\n\n");
    appendTop(out, timerHot, samples, top);
    System.out.println(out);
  }

  private static final String TIMERS = "SDK timer threads";

  /** Library prefixes, most specific first, and the component each stands for. */
  private static final String[][] COMPONENTS = {
    {
      "software.amazon.awssdk.core.internal.http.timers",
      "SDK timers, caller side (schedule, cancel)"
    },
    {"software.amazon.awssdk.http.auth", "SigV4 signing"},
    {"software.amazon.awssdk.auth.signer", "SigV4 signing"},
    {"org.apache.hc", "Apache HTTP client"},
    {"software.amazon.awssdk.http.apache5", "Apache HTTP client"},
    {"software.amazon.awssdk.protocols", "JSON marshalling"},
    {"software.amazon.awssdk.thirdparty.jackson", "JSON marshalling"},
    {"software.amazon.awssdk.core.internal.http.pipeline", "SDK pipeline"},
    {"software.amazon.awssdk.services.dynamodb.endpoints", "endpoint rules"},
    {"software.amazon.awssdk.endpoints", "endpoint rules"},
    {"software.amazon.awssdk.services.dynamodb.model", "request and response objects"},
    {"software.amazon.awssdk.core.interceptor", "SDK interceptors"},
    {"software.amazon.awssdk.core", "SDK core, other"},
    {"software.amazon.awssdk.awscore", "SDK AWS core"},
    {"software.amazon.awssdk.utils", "SDK utilities"},
    {"software.amazon.awssdk", "SDK, other"},
    {"io.stickless", "Stickless and the benchmark"},
  };

  private static String component(RecordedStackTrace stack) {
    if (stack == null) {
      return "(no stack)";
    }
    for (RecordedFrame f : stack.getFrames()) {
      String type = f.getMethod().getType().getName();
      for (String[] c : COMPONENTS) {
        if (type.startsWith(c[0])) {
          return c[1];
        }
      }
    }
    return "JDK, other";
  }

  private static String group(String threadName) {
    if (threadName == null) {
      return "JVM (no Java thread)";
    }
    if (threadName.equals("main")) {
      return "caller (main)";
    }
    if (threadName.startsWith(CallBound.TIMER_THREAD_PREFIX)) {
      return TIMERS;
    }
    return "other Java threads";
  }

  private static String leaf(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty()) {
      return "(no stack)";
    }
    List<RecordedFrame> frames = stack.getFrames();
    RecordedFrame f = frames.get(0);
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void appendTop(StringBuilder out, Map<String, Integer> counts, int all, int top) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT, "- %.1f %% %s%n", 100.0 * e.getValue() / all, e.getKey())));
  }
}
