package io.stickless.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * A fault-injecting HTTP proxy between the AWS SDK and a local DynamoDB ({@link LocalDynamoDb}), on
 * a free {@code 127.0.0.1} port: point a client at {@link #endpoint()} and make DynamoDB slow,
 * throttled, failing, stalled or unreachable from a test.
 *
 * <pre>{@code
 * try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.start(LocalDynamoDb.shared());
 *     DynamoDbClient client = proxy.clientBuilder().build()) {
 *   proxy.add(FaultRule.throttle().fraction(0.3));          // 30 % of attempts throttled
 *   ...
 *   proxy.clear();                                          // healthy again
 *   proxy.add(FaultRule.stall());                           // accepts, never answers
 *   proxy.refuseConnections();                              // nothing listens on the port
 *   proxy.acceptConnections();
 *   long gets = proxy.attempts("GetItem");                  // attempts seen, faulted or not
 * }
 * }</pre>
 *
 * <p>Every request is one attempt of a DynamoDB call (the SDK's retries are separate attempts); its
 * operation comes from the {@code X-Amz-Target} header. Each attempt passes through the {@link
 * FaultRule}s in the order they were added; the last passes it to DynamoDB. Rules can be added and
 * removed while clients are calling. Connections are kept alive as the SDK asks; each is served by
 * its own daemon thread.
 */
public final class DynamoDbFaultProxy implements AutoCloseable {

  /** The prefix of {@code X-Amz-Target} before the operation name. */
  static final String TARGET_PREFIX = "DynamoDB_20120810.";

  private static final Logger log = LoggerFactory.getLogger(DynamoDbFaultProxy.class);
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "host",
          "connection",
          "content-length",
          "expect",
          "upgrade",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer");
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final URI upstream;
  private final HttpClient http;
  private final ExecutorService threads;
  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final Set<ProxyConnection> open = ConcurrentHashMap.newKeySet();
  private final Set<ProxyConnection> stalled = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> attempts = new ConcurrentHashMap<>();
  private final AtomicLong injected = new AtomicLong();
  private final int port;
  private volatile Random random = new Random();
  private volatile ServerSocket listener;
  private volatile boolean closed;

  private DynamoDbFaultProxy(URI upstream) {
    this.upstream = upstream;
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "stickless-fault-proxy-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(threads)
            .build();
    this.listener = bind(0);
    this.port = listener.getLocalPort();
    listen(listener);
  }

  /** Starts a proxy in front of this server. Close it when done. */
  public static DynamoDbFaultProxy start(LocalDynamoDb upstream) {
    return start(upstream.endpoint());
  }

  /** Starts a proxy in front of a DynamoDB API at this {@code http://} endpoint. */
  public static DynamoDbFaultProxy start(URI upstream) {
    Objects.requireNonNull(upstream, "upstream");
    if (!"http".equals(upstream.getScheme())) {
      throw new IllegalArgumentException(
          "The proxy forwards plain HTTP only (a local DynamoDB); was " + upstream);
    }
    return new DynamoDbFaultProxy(upstream);
  }

  /** The endpoint to give a client, e.g. {@code http://127.0.0.1:40123}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The loopback port the proxy listens on (kept across {@link #refuseConnections()}). */
  public int port() {
    return port;
  }

  /**
   * A client builder pointed at the proxy (region {@code us-east-1}, dummy credentials, the Apache
   * 5 sync HTTP client), to which a test adds its own timeouts and retry strategy.
   */
  public DynamoDbClientBuilder clientBuilder() {
    return LocalDynamoDb.clientBuilder(endpoint());
  }

  /**
   * Points a client builder that has its own HTTP client and override configuration (e.g. {@code
   * DynamoDbRequestPath.clientBuilder()}, the request path's production client) at the proxy:
   * endpoint, region {@code us-east-1}, dummy credentials. Returns the same builder.
   */
  public DynamoDbClientBuilder pointAtProxy(DynamoDbClientBuilder builder) {
    return LocalDynamoDb.pointAt(Objects.requireNonNull(builder, "builder"), endpoint());
  }

  /** Adds a rule after those already there. Returns this proxy. */
  public DynamoDbFaultProxy add(FaultRule rule) {
    rules.add(Objects.requireNonNull(rule, "rule"));
    return this;
  }

  /** Removes a rule added before (the same instance). Returns whether it was there. */
  public boolean remove(FaultRule rule) {
    return rules.remove(rule);
  }

  /**
   * Makes the proxy healthy again: removes every rule, ends every stall (its connections are reset)
   * and accepts connections if they were refused. Counts are kept.
   */
  public void clear() {
    rules.clear();
    for (ProxyConnection c : stalled) {
      c.reset();
    }
    acceptConnections();
  }

  /**
   * Refuses connections, as a stopped server does: stops listening (new connections are refused)
   * and resets every open one. Undone by {@link #acceptConnections()} or {@link #clear()}.
   */
  public synchronized void refuseConnections() {
    ServerSocket current = listener;
    listener = null;
    if (current != null) {
      try {
        current.close();
      } catch (IOException ignored) {
        // closed anyway
      }
    }
    for (ProxyConnection c : open) {
      c.reset();
    }
  }

  /** Listens again on the same port after {@link #refuseConnections()}; a no-op otherwise. */
  public synchronized void acceptConnections() {
    if (listener == null && !closed) {
      listener = bind(port);
      listen(listener);
    }
  }

  /** Seeds the random source that {@link FaultRule#fraction} and jitter use. Returns this proxy. */
  public DynamoDbFaultProxy seed(long seed) {
    random = new Random(seed);
    return this;
  }

  /** Attempts seen for one operation (e.g. {@code "GetItem"}), faulted or not. */
  public long attempts(String operation) {
    AtomicLong n = attempts.get(operation);
    return n == null ? 0 : n.get();
  }

  /** Attempts seen by operation, sorted by name. */
  public Map<String, Long> attempts() {
    Map<String, Long> result = new TreeMap<>();
    attempts.forEach((op, n) -> result.put(op, n.get()));
    return result;
  }

  /** Attempts seen, all operations. */
  public long totalAttempts() {
    return attempts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Attempts a rule answered itself (not DynamoDB's answer): errors, resets, stalls. */
  public long injectedFaults() {
    return injected.get();
  }

  /** Connections held in a stall right now. */
  public int stalledConnections() {
    return stalled.size();
  }

  /** Client connections open right now. */
  public int openConnections() {
    return open.size();
  }

  /** Sets every count back to zero. */
  public void resetCounts() {
    attempts.clear();
    injected.set(0);
  }

  /** Stops listening, resets every connection and stops the proxy's threads. Idempotent. */
  @Override
  public void close() {
    closed = true;
    rules.clear();
    refuseConnections();
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "DynamoDbFaultProxy[" + endpoint() + " -> " + upstream + "]";
  }

  private ServerSocket bind(int onPort) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 200);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not listen on 127.0.0.1:" + onPort, e);
    }
  }

  private void listen(ServerSocket socket) {
    Thread acceptor = new Thread(() -> accept(socket), "stickless-fault-proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return;
      }
      ProxyConnection connection = new ProxyConnection(client, answering);
      open.add(connection);
      if (listener != socket) {
        // refused between accept and here
        connection.reset();
        open.remove(connection);
        continue;
      }
      try {
        client.setTcpNoDelay(true);
        threads.execute(connection);
      } catch (SocketException | RejectedExecutionException e) {
        connection.reset();
        open.remove(connection);
      }
    }
  }

  private final ProxyConnection.Answering answering =
      new ProxyConnection.Answering() {
        @Override
        public FaultAnswer answer(HttpWire.Request request)
            throws IOException, InterruptedException {
          return DynamoDbFaultProxy.this.answer(request);
        }

        @Override
        public void stalled(ProxyConnection connection, boolean isStalled) {
          if (isStalled) {
            stalled.add(connection);
          } else {
            stalled.remove(connection);
          }
        }

        @Override
        public void ended(ProxyConnection connection) {
          open.remove(connection);
          stalled.remove(connection);
        }
      };

  private FaultAnswer answer(HttpWire.Request request) throws IOException, InterruptedException {
    String target = request.headers().getOrDefault("x-amz-target", "");
    String operation =
        target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
    long attempt = attempts.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    FaultExchange exchange =
        new FaultExchange(
            operation,
            request.headers(),
            request.body(),
            attempt,
            random,
            List.copyOf(rules),
            0,
            (headers, body) -> forward(request, headers, body),
            () -> {});
    FaultAnswer answer = exchange.proceed();
    if (!answer.fromUpstream()) {
      injected.incrementAndGet();
      log.debug("{} attempt {}: injected {}", operation, attempt, answer);
    }
    return answer;
  }

  private FaultAnswer forward(HttpWire.Request request, Map<String, String> headers, byte[] body)
      throws InterruptedException {
    HttpRequest.Builder out =
        HttpRequest.newBuilder(upstream.resolve(request.target()))
            .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(
        (name, value) -> {
          if (!NOT_FORWARDED.contains(name)) {
            try {
              out.header(name, value);
            } catch (IllegalArgumentException restricted) {
              // a header the JDK client sets itself
            }
          }
        });
    HttpResponse<byte[]> response;
    try {
      response = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      log.debug("Upstream {} failed: {}", upstream, e.toString());
      // the server behind the proxy is gone: the client sees what it would see without the proxy
      return FaultAnswer.upstreamGone();
    }
    Map<String, String> responseHeaders = new LinkedHashMap<>();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!name.startsWith(":") && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                responseHeaders.put(name, String.join(",", values));
              }
            });
    return FaultAnswer.upstream(response.statusCode(), responseHeaders, response.body());
  }
}
