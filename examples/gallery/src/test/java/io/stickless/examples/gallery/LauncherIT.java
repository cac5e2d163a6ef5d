package io.stickless.examples.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.testing.LocalDynamoDb;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demo command as a user runs it: {@link GalleryDemo#run} with a command line and a
 * console, then {@code quit}; afterwards no server, thread or process of the demo is left.
 */
@Timeout(180)
class LauncherIT {

  private static final Pattern OPEN = Pattern.compile("Open {2}(http://127\\.0\\.0\\.1:\\d+)");
  private static final Pattern NODE =
      Pattern.compile("(node-\\d) {2}(http://127\\.0\\.0\\.1:\\d+)");

  @Test
  void startsTwoNodesAndTheProxyAndStopsEverythingOnQuit(@TempDir Path workDir) throws Exception {
    Set<Long> threadsBefore = threadIds();
    Set<Long> childrenBefore = childPids();

    PipedOutputStream console = new PipedOutputStream();
    InputStream stdin = new PipedInputStream(console);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    String[] args = {
      "--port", "0", "--admin-password", "launcher-test", "--work-dir", workDir.toString()
    };
    CompletableFuture<Integer> launcher =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return GalleryDemo.run(args, stdin, out, out);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    String banner = awaitOutput(captured, "Console: stop N");
    assertThat(banner)
        .contains("2 app nodes behind a round-robin proxy")
        .contains("local DynamoDB (dynalite) at http://127.0.0.1:")
        .contains("table 'stickless-gallery' (hash key 'key', TTL 'ttl')")
        .contains("Admin login:        admin / launcher-test")
        .contains("A short tour:");
    Matcher open = OPEN.matcher(banner);
    assertThat(open.find()).isTrue();
    String proxy = open.group(1);
    List<String> nodes = NODE.matcher(banner).results().map(r -> r.group(2)).toList();
    assertThat(nodes).hasSize(2);
    Set<Long> dynalite = childPids();
    dynalite.removeAll(childrenBefore);
    assertThat(dynalite).as("the local DynamoDB runs as a child process").hasSize(1);

    assertThat(status(proxy)).isEqualTo(200);
    for (String node : nodes) {
      assertThat(status(node)).isEqualTo(200);
    }

    console.write("stop 1\nstatus\n".getBytes(StandardCharsets.UTF_8));
    console.flush();
    assertThat(awaitOutput(captured, "node-1  " + nodes.get(0) + "  stopped")).isNotEmpty();
    assertRefused(nodes.get(0));
    assertThat(status(proxy)).isEqualTo(200);
    console.write("start 1\nfrobnicate\nquit\n".getBytes(StandardCharsets.UTF_8));
    console.flush();

    assertThat(launcher.get(60, TimeUnit.SECONDS)).isZero();
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .contains("node-1  " + nodes.get(0) + "  running")
        .contains("Commands: stop N | start N | status | quit")
        .contains("Stopped the proxy, the nodes and the local DynamoDB.");
    assertRefused(proxy);
    for (String node : nodes) {
      assertRefused(node);
    }
    for (long pid : dynalite) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("dynalite process %d", pid)
          .isFalse();
    }
    assertThat(childPids()).isSubsetOf(childrenBefore);
    assertThat(threadsLeft(threadsBefore)).as("threads the demo left").isEmpty();
  }

  @Test
  void badArgumentsGetAUsageAndStartNothing() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        GalleryDemo.run(
            new String[] {"--nodes", "ten"},
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("--nodes must be a number from 1 to 9, was 'ten'.")
        .contains("Usage: ./mvnw -B -q -pl examples/gallery -am compile exec:java");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aConfiguredEndpointIsUsedInsteadOfStartingTheLocalDynamoDb(@TempDir Path workDir)
      throws Exception {
    try (LocalDynamoDb external = LocalDynamoDb.start()) {
      Set<Long> childrenBefore = childPids();
      DemoOptions options =
          DemoOptions.parse(
              new String[] {
                "--port", "0",
                "--endpoint", external.endpoint().toString(),
                "--table", "gallery-endpoint-it",
                "--admin-password", "launcher-test",
                "--work-dir", workDir.toString()
              },
              Map.of());
      try (GalleryDemo demo = GalleryDemo.start(options)) {
        assertThat(demo.localDynamoDbPid()).isEqualTo(-1);
        assertThat(childPids()).as("no DynamoDB of its own").isSubsetOf(childrenBefore);
        assertThat(demo.banner()).contains("DynamoDB at " + external.endpoint());
        assertThat(status(demo.url())).isEqualTo(200);
      }
      assertThat(
              external
                  .client()
                  .describeTable(b -> b.tableName("gallery-endpoint-it"))
                  .table()
                  .keySchema())
          .singleElement()
          .satisfies(k -> assertThat(k.attributeName()).isEqualTo("key"));
      assertThat(
              external.client().scan(b -> b.tableName("gallery-endpoint-it")).items().stream()
                  .map(i -> i.get("key").s()))
          .as("the listing's cache entry, next to where sessions go")
          .contains("cache:gallery:all");
    }
  }

  @Test
  void aTakenPortIsReportedAndNothingIsLeftRunning(@TempDir Path workDir) throws Exception {
    Set<Long> childrenBefore = childPids();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          GalleryDemo.run(
              new String[] {
                "--port", Integer.toString(taken.getLocalPort()),
                "--admin-password", "launcher-test",
                "--work-dir", workDir.toString()
              },
              new ByteArrayInputStream(new byte[0]),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(status).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use")
          .contains("--port 9090");
    }
    assertThat(childPids()).as("the local DynamoDB was stopped").isSubsetOf(childrenBefore);
  }

  /** Threads started since {@code before} that are still alive after a bounded wait. */
  private static List<String> threadsLeft(Set<Long> before) {
    // waiting for threads to finish exiting (bounded), not for an expiry
    AtomicReference<List<String>> left = new AtomicReference<>(List.of());
    try {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                left.set(
                    Thread.getAllStackTraces().keySet().stream()
                        .filter(Thread::isAlive)
                        .filter(t -> !before.contains(t.getId()))
                        .filter(t -> !isJdkOrTestInfrastructure(t.getName()))
                        .map(Thread::getName)
                        .collect(Collectors.toList()));
                return left.get().isEmpty();
              });
    } catch (org.awaitility.core.ConditionTimeoutException stillThere) {
      // the caller's assertion names the threads
    }
    return left.get();
  }

  /** The test's own async thread, the JDK HTTP client's selector, GC/JIT helpers. */
  private static boolean isJdkOrTestInfrastructure(String name) {
    return name.startsWith("ForkJoinPool")
        || name.startsWith("HttpClient-")
        || name.startsWith("process reaper")
        || name.startsWith("Common-Cleaner")
        || name.startsWith("Attach Listener");
  }

  private static Set<Long> threadIds() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getId)
        .collect(Collectors.toSet());
  }

  private static Set<Long> childPids() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  private static String awaitOutput(ByteArrayOutputStream captured, String marker) {
    try {
      return org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(50))
          .until(() -> captured.toString(StandardCharsets.UTF_8), text -> text.contains(marker));
    } catch (org.awaitility.core.ConditionTimeoutException notThere) {
      throw new AssertionError(
          "No '" + marker + "' within 90 s; output:\n" + captured.toString(StandardCharsets.UTF_8));
    }
  }

  private static int status(String url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return http.send(
            HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static void assertRefused(String url) {
    try {
      int code = status(url);
      throw new AssertionError(url + " still answers, with " + code);
    } catch (ConnectException expected) {
      // nothing listens there any more
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(url + ": expected a refused connection, got " + e, e);
    }
  }
}
