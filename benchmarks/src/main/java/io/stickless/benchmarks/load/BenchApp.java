package io.stickless.benchmarks.load;

import io.stickless.servlet.SessionFilter;
import io.stickless.session.ConsistentReads;
import io.stickless.session.SessionStore;
import io.stickless.session.SessionStoreBuilder;
import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The load benchmark's application: embedded Jetty on 127.0.0.1 with the contract of {@link
 * SessionServlet} ({@code /new}, {@code /read}, {@code /write?k=}, {@code /logout}), its sessions
 * kept by the Stickless filter over DynamoDB or, as the baseline, by Jetty's own in-memory
 * sessions; plus the measuring endpoints of {@link MeasureServlet} under {@code /_bench/}.
 *
 * <p>Run on its own (one JVM per app, so its CPU is its own):
 *
 * <pre>
 * PORT=8080 DDB_ENDPOINT=http://127.0.0.1:8000 BENCH_TOUCH=default \
 *   java -cp benchmarks/target/benchmarks.jar io.stickless.benchmarks.load.BenchApp
 * </pre>
 *
 * <p>Environment (or system properties {@code bench.port}, {@code bench.ddb-endpoint}, {@code
 * bench.sessions}, ...): {@code PORT} (default 0: a free port, printed), {@code DDB_ENDPOINT}
 * (default: AWS, with the SDK's region and credential chains; with an endpoint, region {@code
 * us-east-1} and dummy credentials unless {@code AWS_ACCESS_KEY_ID} is set), {@code BENCH_TABLE}
 * (default {@code stickless-bench}, created when missing), {@code BENCH_SESSIONS} ({@code
 * stickless} or {@code container}), {@code BENCH_TOUCH} ({@code default}, {@code strict} or {@code
 * half}), {@code BENCH_TIMEOUTS} (how the per-call bound is held, see {@link CallBound}), {@code
 * BENCH_CONSISTENT_READS} ({@code always} or {@code hinted}, see {@link ConsistentReads}).
 */
public final class BenchApp implements AutoCloseable {

  /** Who keeps the sessions. */
  public enum Sessions {
    /** The Stickless filter over DynamoDB. */
    STICKLESS,
    /** Jetty's own in-memory sessions: the one-node baseline. */
    CONTAINER
  }

  /** When a read-only request writes the session's new expiry. */
  public enum Touch {
    /** At most once per touch interval, by default a quarter of max inactive (7.5 min). */
    DEFAULT,
    /** On every request, like stores that write on every request. */
    STRICT,
    /** At most once per half the max inactive interval (15 min). */
    HALF
  }

  /** Max inactive interval of the app's sessions, as in the reference workload. */
  static final Duration MAX_INACTIVE = Duration.ofMinutes(30);

  /**
   * The app's configuration.
   *
   * @param sessions who keeps the sessions
   * @param touch touch policy (Stickless only)
   * @param callBound how the per-call time bound is held (Stickless only)
   * @param port port on 127.0.0.1, 0 for a free one
   * @param endpoint DynamoDB endpoint, null for AWS
   * @param table the table, created when missing
   * @param reads how session reads are made (Stickless only)
   */
  public record Config(
      Sessions sessions,
      Touch touch,
      CallBound callBound,
      int port,
      @Nullable URI endpoint,
      String table,
      ConsistentReads reads) {

    /** A configuration with strongly consistent reads ({@link ConsistentReads#ALWAYS}). */
    public Config(
        Sessions sessions,
        Touch touch,
        CallBound callBound,
        int port,
        @Nullable URI endpoint,
        String table) {
      this(sessions, touch, callBound, port, endpoint, table, ConsistentReads.ALWAYS);
    }

    /** The configuration from the environment (or {@code bench.*} system properties). */
    public static Config fromEnvironment() {
      String endpoint = setting("DDB_ENDPOINT", null);
      return new Config(
          Sessions.valueOf(setting("BENCH_SESSIONS", "stickless").toUpperCase(Locale.ROOT)),
          Touch.valueOf(setting("BENCH_TOUCH", "default").toUpperCase(Locale.ROOT)),
          CallBound.valueOf(setting("BENCH_TIMEOUTS", "sdk").toUpperCase(Locale.ROOT)),
          Integer.parseInt(setting("PORT", "0")),
          endpoint == null ? null : URI.create(endpoint),
          setting("BENCH_TABLE", "stickless-bench"),
          ConsistentReads.valueOf(
              setting("BENCH_CONSISTENT_READS", "always").toUpperCase(Locale.ROOT)));
    }

    /** As the environment variables this configuration reads would set it. */
    Map<String, String> asEnvironment() {
      return Map.of(
          "BENCH_SESSIONS", sessions.name().toLowerCase(Locale.ROOT),
          "BENCH_TOUCH", touch.name().toLowerCase(Locale.ROOT),
          "BENCH_TIMEOUTS", callBound.name().toLowerCase(Locale.ROOT),
          "PORT", Integer.toString(port),
          "DDB_ENDPOINT", endpoint == null ? "" : endpoint.toString(),
          "BENCH_TABLE", table,
          "BENCH_CONSISTENT_READS", reads.name().toLowerCase(Locale.ROOT));
    }
  }

  private final Server server;
  private final ServerConnector connector;
  private final @Nullable DynamoDbClient client;
  private final @Nullable SessionStore store;
  private final UsageByType usage;

  private BenchApp(
      Server server,
      ServerConnector connector,
      @Nullable DynamoDbClient client,
      @Nullable SessionStore store,
      UsageByType usage) {
    this.server = server;
    this.connector = connector;
    this.client = client;
    this.store = store;
    this.usage = usage;
  }

  /** Starts the app; {@link #close()} stops it and closes its DynamoDB client. */
  public static BenchApp start(Config config) throws Exception {
    SimulatedClock clock = new SimulatedClock(Instant.now());
    UsageByType usage = new UsageByType();
    DynamoDbClient client = null;
    SessionStore store = null;
    if (config.sessions() == Sessions.STICKLESS) {
      // set-up calls (table creation) need no bound, and a loaded machine may take seconds
      try (DynamoDbClient setUp =
          client(
              new Config(
                  config.sessions(),
                  config.touch(),
                  CallBound.NONE,
                  config.port(),
                  config.endpoint(),
                  config.table()),
              new UsageByType())) {
        DynamoDbTables.prepare(setUp, TableSpec.of(config.table()), TableMode.CREATE);
      }
      client = client(config, usage);
      SessionStoreBuilder builder =
          SessionStore.builder(client, config.table())
              .clock(clock)
              .defaultMaxInactiveInterval(MAX_INACTIVE);
      switch (config.touch()) {
        case STRICT -> builder.strictTouch(true);
        case HALF -> builder.touchInterval(MAX_INACTIVE.dividedBy(2));
        case DEFAULT -> {}
      }
      store = builder.consistentReads(config.reads()).build();
    }
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(config.port());
    server.addConnector(connector);
    ServletContextHandler context =
        new ServletContextHandler(
            "/",
            config.sessions() == Sessions.CONTAINER
                ? ServletContextHandler.SESSIONS
                : ServletContextHandler.NO_SESSIONS);
    if (config.sessions() == Sessions.CONTAINER) {
      context.getSessionHandler().setMaxInactiveInterval((int) MAX_INACTIVE.toSeconds());
    }
    EnumSet<DispatcherType> request = EnumSet.of(DispatcherType.REQUEST);
    context.addFilter(new FilterHolder(new RequestScope(clock, usage)), "/*", request);
    if (store != null) {
      context.addFilter(
          new FilterHolder(SessionFilter.builder(store).build()),
          "/*",
          EnumSet.allOf(DispatcherType.class));
    }
    context.addServlet(new ServletHolder(new SessionServlet()), "/");
    context.addServlet(
        new ServletHolder(new MeasureServlet(usage, store, client, config.table())), "/_bench/*");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      if (client != null) {
        client.close();
      }
      throw e;
    }
    return new BenchApp(server, connector, client, store, usage);
  }

  /** The app's DynamoDB client: Apache 5 sync HTTP client, the per-call bound, usage counting. */
  static DynamoDbClient client(Config config, UsageByType usage) {
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder()
            .overrideConfiguration(
                o -> {
                  config.callBound().configure(o);
                  o.addExecutionInterceptor(usage);
                });
    Apache5HttpClient.Builder http = Apache5HttpClient.builder();
    config.callBound().configure(http);
    builder.httpClientBuilder(http);
    if (config.endpoint() != null) {
      builder.endpointOverride(config.endpoint()).region(Region.US_EAST_1);
      if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
        builder.credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
      }
    }
    return builder.build();
  }

  /** The port the app listens on (127.0.0.1). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The app's base URI. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** What the app's client has counted, by request type (in-process use). */
  UsageByType usage() {
    return usage;
  }

  /** The session store, null for the container baseline. */
  @Nullable SessionStore store() {
    return store;
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }

  /** Runs the app until the JVM is stopped; prints {@code listening on <port>} once started. */
  public static void main(String[] args) throws Exception {
    BenchApp app = start(Config.fromEnvironment());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    app.close();
                  } catch (Exception e) {
                    e.printStackTrace();
                  }
                }));
    System.out.println("listening on " + app.port());
    System.out.flush();
    app.server.join();
  }

  static @Nullable String setting(String env, @Nullable String fallback) {
    String property =
        System.getProperty(
            "bench." + env.replaceFirst("^BENCH_", "").toLowerCase(Locale.ROOT).replace('_', '-'));
    if (property != null && !property.isBlank()) {
      return property;
    }
    String value = System.getenv(env);
    return value != null && !value.isBlank() ? value : fallback;
  }
}
