package io.stickless.examples.gallery;

import io.stickless.cache.KeyCodec;
import io.stickless.cache.TtlCache;
import io.stickless.cache.ValueCodec;
import io.stickless.servlet.SessionFilter;
import io.stickless.session.SessionStore;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.function.Supplier;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * One app node: its own Jetty server on a loopback port, its own DynamoDB client, session store and
 * caches, as if it ran on its own machine. What the nodes share is what a real cluster shares: the
 * DynamoDB table and the relational database. Stopping a node closes its server (new connections
 * are refused) and its client; starting it again builds everything anew on the same port.
 */
final class GalleryNode {

  private static final Logger LOG = LoggerFactory.getLogger(GalleryNode.class);

  /** The response header naming the node that served a request. */
  static final String NODE_HEADER = "X-Gallery-Node";

  static final String LISTING_KEY = "all";
  static final Duration CACHE_TTL = Duration.ofMinutes(10);

  /** Longer than any session may stay idle, so a "log out everywhere" outlives what it ends. */
  static final Duration LOGOUT_MEMORY = Duration.ofDays(30);

  /** What a node's servlet works with. */
  record Context(
      String name,
      int number,
      GalleryDb db,
      AdminAccount admin,
      ClusterControl cluster,
      TtlCache<String, Listing> listings,
      TtlCache<Long, GalleryItem> items,
      TtlCache<String, String> logouts) {}

  private final int number;
  private final String table;
  private final GalleryDb db;
  private final AdminAccount admin;
  private final ClusterControl cluster;
  private final Supplier<DynamoDbClientBuilder> clients;
  private int port;
  private Server server;
  private DynamoDbClient client;
  private volatile boolean serving;

  GalleryNode(
      int number,
      String table,
      GalleryDb db,
      AdminAccount admin,
      ClusterControl cluster,
      Supplier<DynamoDbClientBuilder> clients) {
    this.number = number;
    this.table = table;
    this.db = db;
    this.admin = admin;
    this.cluster = cluster;
    this.clients = clients;
  }

  String name() {
    return "node-" + number;
  }

  int number() {
    return number;
  }

  /** The node's own address (the proxy forwards here); the port stays the same across restarts. */
  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Whether the node's server is up (it may be on its way down: see {@link #isServing()}). */
  synchronized boolean isRunning() {
    return server != null && server.isStarted();
  }

  /** Whether the proxy should send this node requests: running and not being stopped. */
  boolean isServing() {
    return serving;
  }

  /** Takes the node out of the proxy's rotation at once, ahead of a {@link #stop()}. */
  void markStopping() {
    serving = false;
  }

  /** Starts the node (on a free port the first time, on the same port afterwards). */
  synchronized void start() throws Exception {
    if (server != null) {
      return;
    }
    client =
        clients
            .get()
            .overrideConfiguration(o -> o.addExecutionInterceptor(new DynamoDbCallCounter()))
            .build();
    SessionStore store = SessionStore.builder(client, table).build();
    Context context = context(client);

    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName(name());
    Server s = new Server(threads);
    ServerConnector connector = new ServerConnector(s);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    s.addConnector(connector);
    ServletContextHandler handler = new ServletContextHandler("/");
    EnumSet<DispatcherType> all = EnumSet.allOf(DispatcherType.class);
    handler.addFilter(new FilterHolder(new CostFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
    handler.addFilter(new FilterHolder(SessionFilter.builder(store).build()), "/*", all);
    handler.addServlet(new ServletHolder(new GalleryServlet(context)), "/");
    s.setHandler(handler);
    s.setStopTimeout(2_000);
    try {
      s.start();
    } catch (Exception e) {
      client.close();
      s.stop();
      throw e;
    }
    port = connector.getLocalPort();
    server = s;
    serving = true;
    LOG.info("{} listening on {}", name(), url());
  }

  /** Stops the server (waiting for it) and closes the node's DynamoDB client. Idempotent. */
  synchronized void stop() throws Exception {
    serving = false;
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } finally {
      server = null;
      client.close();
      client = null;
      LOG.info("{} stopped", name());
    }
  }

  private Context context(DynamoDbClient client) {
    TtlCache<String, Listing> listings =
        TtlCache.builder(client, table)
            .name("gallery")
            .valueCodec(ValueCodec.serializable(Listing.class, GalleryItem.class.getName()))
            .defaultTtl(CACHE_TTL)
            .build();
    TtlCache<Long, GalleryItem> items =
        TtlCache.builder(client, table)
            .name("item")
            .keyCodec(KeyCodec.<Long>usingToString())
            .valueCodec(ValueCodec.serializable(GalleryItem.class))
            .defaultTtl(CACHE_TTL)
            .build();
    TtlCache<String, String> logouts =
        TtlCache.builder(client, table).name("logged-out-before").defaultTtl(LOGOUT_MEMORY).build();
    return new Context(name(), number, db, admin, cluster, listings, items, logouts);
  }
}
