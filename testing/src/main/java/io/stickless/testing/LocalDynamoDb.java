package io.stickless.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * A local DynamoDB API for tests and demos: <a
 * href="https://github.com/architect/dynalite">dynalite</a> (an open-source implementation of the
 * DynamoDB API on Node.js) started as a child process on a free {@code 127.0.0.1} port.
 *
 * <pre>{@code
 * try (LocalDynamoDb dynamoDb = LocalDynamoDb.start()) {
 *   DynamoDbClient client = dynamoDb.client();
 *   client.listTables();
 * }
 * }</pre>
 *
 * <p>The server keeps its data in memory and is stopped by {@link #close()}, by a JVM shutdown
 * hook, and, should the JVM be killed, by itself: it exits when its standard input (held by this
 * JVM) closes. Tables are created, deleted and updated instantly (no {@code CREATING} delay), so
 * the SDK's waiters return at once.
 *
 * <p>Where dynalite is found: the directory named by the system property {@value #DIR_PROPERTY} or
 * the environment variable {@code STICKLESS_DYNALITE_DIR} (a directory holding {@code
 * node_modules/dynalite}), else the nearest {@code node_modules/dynalite} or {@code
 * testing/node_modules/dynalite} above the working directory. The Maven build of the {@code
 * testing} module installs it from the committed {@code package-lock.json} ({@code npm ci
 * --ignore-scripts}). Node.js 20 or newer must be on the {@code PATH} (or named by the system
 * property {@value #NODE_PROPERTY}).
 *
 * <p>Known gaps of dynalite, which code under test must not depend on: no {@code UpdateTimeToLive},
 * {@code DescribeTimeToLive} always says {@code DISABLED}, expired items are never deleted, no
 * transactions or PartiQL.
 */
public final class LocalDynamoDb implements AutoCloseable {

  /** System property naming the directory that holds {@code node_modules/dynalite}. */
  public static final String DIR_PROPERTY = "stickless.dynalite.dir";

  /** System property naming the {@code node} executable (default: {@code node} on the PATH). */
  public static final String NODE_PROPERTY = "stickless.node";

  static final int MIN_NODE_MAJOR = 20;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration TABLE_POLL = Duration.ofMillis(50);
  private static final Pattern PORT_LINE = Pattern.compile("STICKLESS_DYNALITE_PORT=(\\d+)");
  private static final AtomicInteger STARTS = new AtomicInteger();
  private static final AtomicLong TABLE_COUNTER = new AtomicLong();
  private static LocalDynamoDb shared;

  private final Process process;
  private final URI endpoint;
  private final Thread shutdownHook;
  private final Deque<String> recentOutput;
  private volatile DynamoDbClient client;

  private LocalDynamoDb(Process process, URI endpoint, Deque<String> recentOutput) {
    this.process = process;
    this.endpoint = endpoint;
    this.recentOutput = recentOutput;
    this.shutdownHook = new Thread(this::stopProcess, "stickless-dynalite-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a new server on a free loopback port chosen by the operating system and waits until it
   * answers.
   *
   * @throws IllegalStateException when Node.js or dynalite is missing or too old, or the server
   *     does not start; the message says what to install
   */
  public static LocalDynamoDb start() {
    return start(0);
  }

  /**
   * Starts a new server on the given loopback port ({@code 0}: a free one), for a test that
   * restarts a server where its clients expect it.
   *
   * @throws IllegalStateException when Node.js or dynalite is missing or too old, or the server
   *     does not start
   */
  public static LocalDynamoDb start(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    String node = System.getProperty(NODE_PROPERTY, "node");
    checkNodeVersion(node);
    Path module = locateDynalite();
    String script = readScript();
    ProcessBuilder builder = new ProcessBuilder(node, "-e", script);
    builder.environment().put("STICKLESS_DYNALITE_MODULE", module.toString());
    builder.environment().put("STICKLESS_DYNALITE_REQUESTED_PORT", Integer.toString(port));
    builder.redirectErrorStream(true);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not start Node.js (" + node + "): " + e.getMessage(), e);
    }
    Deque<String> recent = new ArrayDeque<>();
    CompletableFuture<Integer> portFuture = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> pump(process.getInputStream(), recent, portFuture), "stickless-dynalite-out");
    reader.setDaemon(true);
    reader.start();
    int actualPort;
    try {
      actualPort = portFuture.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting dynalite", e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "dynalite did not report its port within "
              + START_TIMEOUT.toSeconds()
              + " s; its output was:\n"
              + String.join("\n", snapshot(recent)),
          e);
    }
    LocalDynamoDb server =
        new LocalDynamoDb(process, URI.create("http://127.0.0.1:" + actualPort), recent);
    server.awaitAnswering();
    STARTS.incrementAndGet();
    return server;
  }

  /**
   * The server shared by everything in this JVM (one per test run): started on first use, stopped
   * when the JVM exits.
   */
  public static synchronized LocalDynamoDb shared() {
    if (shared == null || !shared.isRunning()) {
      shared = start();
    }
    return shared;
  }

  /** How many servers this JVM has started so far (tests check there is one per run). */
  public static int startCount() {
    return STARTS.get();
  }

  /** The endpoint to give a {@code DynamoDbClient}, e.g. {@code http://127.0.0.1:43121}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The loopback port the server listens on. */
  public int port() {
    return endpoint.getPort();
  }

  /** The process id of the Node.js process (to check that nothing is left behind). */
  public long pid() {
    return process.pid();
  }

  /** Whether the server process is still alive. */
  public boolean isRunning() {
    return process.isAlive();
  }

  /**
   * A client for this server, built once and shared (the SDK's clients are thread-safe). Closed
   * with the server.
   */
  public DynamoDbClient client() {
    DynamoDbClient result = client;
    if (result == null) {
      synchronized (this) {
        result = client;
        if (result == null) {
          result = clientBuilder().build();
          client = result;
        }
      }
    }
    return result;
  }

  /**
   * A client builder already pointed at this server (endpoint, region {@code us-east-1}, dummy
   * credentials, the Apache 5 sync HTTP client), for a test that needs its own timeouts or
   * interceptors. The caller closes what it builds.
   */
  public DynamoDbClientBuilder clientBuilder() {
    return clientBuilder(endpoint);
  }

  static DynamoDbClientBuilder clientBuilder(URI endpoint) {
    return pointAt(DynamoDbClient.builder(), endpoint)
        .httpClientBuilder(Apache5HttpClient.builder());
  }

  static DynamoDbClientBuilder pointAt(DynamoDbClientBuilder builder, URI endpoint) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
  }

  /**
   * A table name no other test in this run uses: {@code prefix-<n>-<random>}, trimmed to DynamoDB's
   * rules.
   */
  public static String uniqueTableName(String prefix) {
    String clean = prefix.replaceAll("[^A-Za-z0-9_.-]", "-");
    if (clean.length() > 200) {
      clean = clean.substring(0, 200);
    }
    return clean
        + "-"
        + TABLE_COUNTER.incrementAndGet()
        + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
  }

  /**
   * Waits until the table is {@code ACTIVE}, polling every 50 ms for at most 30 s. Use it instead
   * of {@code client.waiter()}, whose 20 s back-off turns dynalite's brief {@code CREATING} into a
   * 20 s stall.
   *
   * @throws IllegalStateException when the table is not active in time
   */
  public static void awaitActive(DynamoDbClient client, String tableName) {
    try (DynamoDbWaiter waiter =
        DynamoDbWaiter.builder()
            .client(client)
            .overrideConfiguration(
                o ->
                    o.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(TABLE_POLL))
                        .maxAttempts((int) (START_TIMEOUT.toMillis() / TABLE_POLL.toMillis()))
                        .waitTimeout(START_TIMEOUT))
            .build()) {
      waiter
          .waitUntilTableExists(b -> b.tableName(tableName))
          .matched()
          .exception()
          .ifPresent(
              e -> {
                throw new IllegalStateException(
                    "Table " + tableName + " did not become ACTIVE: " + e.getMessage(), e);
              });
    }
  }

  /** Stops the server and closes its client. Idempotent. */
  @Override
  public void close() {
    DynamoDbClient c = client;
    if (c != null) {
      c.close();
    }
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing to remove
    }
  }

  @Override
  public String toString() {
    return "LocalDynamoDb[" + endpoint + ", pid " + process.pid() + "]";
  }

  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitAnswering() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    RuntimeException last = null;
    try (DynamoDbClient probe = clientBuilder().build()) {
      while (System.nanoTime() < deadline && process.isAlive()) {
        try {
          probe.listTables();
          return;
        } catch (RuntimeException e) {
          last = e;
          sleep(50);
        }
      }
    }
    stopProcess();
    throw new IllegalStateException(
        "dynalite at "
            + endpoint
            + " did not answer ListTables within "
            + START_TIMEOUT.toSeconds()
            + " s; its output was:\n"
            + String.join("\n", snapshot(recentOutput)),
        last);
  }

  private static void pump(InputStream in, Deque<String> recent, CompletableFuture<Integer> port) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        Matcher m = PORT_LINE.matcher(line);
        if (!port.isDone() && m.find()) {
          port.complete(Integer.parseInt(m.group(1)));
          continue;
        }
        synchronized (recent) {
          recent.addLast(line);
          if (recent.size() > 50) {
            recent.removeFirst();
          }
        }
      }
    } catch (IOException ignored) {
      // the process ended
    }
    port.completeExceptionally(new IllegalStateException("dynalite exited before listening"));
  }

  private static java.util.List<String> snapshot(Deque<String> recent) {
    synchronized (recent) {
      return java.util.List.copyOf(recent);
    }
  }

  static void checkNodeVersion(String node) {
    String version;
    try {
      Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
      version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "'" + node + " --version' failed (" + version + "). " + installNodeHint());
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "Node.js was not found ('"
              + node
              + "' could not be run: "
              + e.getMessage()
              + "). The local DynamoDB used by Stickless tests and demos (dynalite) needs Node.js "
              + MIN_NODE_MAJOR
              + " or newer. "
              + installNodeHint(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking the Node.js version", e);
    }
    int major = parseNodeMajor(version);
    if (major < MIN_NODE_MAJOR) {
      throw new IllegalStateException(
          "Node.js "
              + version
              + " is too old: the local DynamoDB (dynalite) needs Node.js "
              + MIN_NODE_MAJOR
              + " or newer. "
              + installNodeHint());
    }
  }

  static int parseNodeMajor(String version) {
    Matcher m = Pattern.compile("v?(\\d+)\\.").matcher(version.trim());
    return m.lookingAt() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static String installNodeHint() {
    return "Install Node.js "
        + MIN_NODE_MAJOR
        + "+ with npm (https://nodejs.org/, or your package manager), or point -D"
        + NODE_PROPERTY
        + "=<path to node> at one.";
  }

  static Path locateDynalite() {
    String configured = System.getProperty(DIR_PROPERTY, System.getenv("STICKLESS_DYNALITE_DIR"));
    if (configured != null && !configured.isBlank()) {
      Path module = Path.of(configured).resolve("node_modules").resolve("dynalite");
      if (Files.isRegularFile(module.resolve("package.json"))) {
        return module.toAbsolutePath();
      }
      throw new IllegalStateException(
          DIR_PROPERTY
              + " / STICKLESS_DYNALITE_DIR is '"
              + configured
              + "' but "
              + module
              + " holds no dynalite. "
              + installDynaliteHint());
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate :
          new Path[] {
            dir.resolve("node_modules/dynalite"), dir.resolve("testing/node_modules/dynalite")
          }) {
        if (Files.isRegularFile(candidate.resolve("package.json"))) {
          return candidate.toAbsolutePath();
        }
      }
    }
    throw new IllegalStateException(
        "dynalite (the local DynamoDB) is not installed in or above "
            + Path.of("").toAbsolutePath()
            + ". "
            + installDynaliteHint());
  }

  private static String installDynaliteHint() {
    return "The Maven build installs it: run './mvnw -pl testing initialize' from the repository root"
        + " (or 'npm ci --ignore-scripts' in testing/), or set -D"
        + DIR_PROPERTY
        + "=<directory holding node_modules/dynalite>.";
  }

  private static String readScript() {
    try (InputStream in = LocalDynamoDb.class.getResourceAsStream("start-dynalite.js")) {
      Objects.requireNonNull(in, "start-dynalite.js missing from the stickless-testing jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for dynalite", e);
    }
  }
}
