package io.stickless.examples.mysfits;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stickless.BackendUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The Mysfits HTTP service on the JDK's built-in server ({@code jdk.httpserver}: no servlet
 * container needed for three read-only routes):
 *
 * <ul>
 *   <li>{@code GET /mysfits}: {@code {"mysfits":[...]}}, every item;
 *   <li>{@code GET /mysfits?filter=GoodEvil&value=Evil} (or {@code LawChaos}): a query on the
 *       index;
 *   <li>{@code GET /mysfits/{id}}: one mysfit, or 404;
 *   <li>{@code GET /}: the page with the filter drop-downs.
 * </ul>
 *
 * A bad query (unknown filter or parameter, a missing value, a value or id with characters other
 * than letters, digits, space, {@code -} and {@code _}) answers 400 with {@code {"error": "..."}};
 * DynamoDB unreachable or throttled answers 503.
 */
public final class MysfitsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MysfitsServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9 _-]{1,64}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final MysfitsCatalog catalog;
  private final HttpServer server;
  private final ExecutorService executor;

  private MysfitsServer(MysfitsCatalog catalog, HttpServer server) {
    this.catalog = catalog;
    this.server = server;
    this.executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts serving on this address (port 0: a free one).
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public static MysfitsServer start(MysfitsCatalog catalog, InetSocketAddress address) {
    requireNonNull(catalog, "catalog");
    requireNonNull(address, "address");
    try {
      MysfitsServer result = new MysfitsServer(catalog, HttpServer.create(address, 64));
      result.server.start();
      LOG.info(
          "Mysfits service listening on http://{}:{}/", address.getHostString(), result.port());
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Blocks until the JVM shuts down (Ctrl-C), then stops the server and closes {@code alsoClose}
   * (the DynamoDB client or the local DynamoDB).
   */
  public void awaitShutdown(AutoCloseable alsoClose) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  close();
                  try {
                    alsoClose.close();
                  } catch (Exception e) {
                    LOG.warn("Closing {} failed: {}", alsoClose, e.toString());
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }

  /** Stops the server at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        error(exchange, 405, "only GET is supported");
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      try {
        route(exchange, path);
      } catch (BadRequest e) {
        error(exchange, 400, e.getMessage());
      } catch (RuntimeException e) {
        if (unavailable(e)) {
          LOG.warn("DynamoDB unavailable for {}: {}", path, e.toString());
          error(exchange, 503, "the Mysfits data store is unavailable; try again shortly");
        } else {
          LOG.error("Request {} failed", path, e);
          error(exchange, 500, "internal error");
        }
      }
    }
  }

  private void route(HttpExchange exchange, String path) throws IOException {
    if (path.equals("/") || path.equals("/index.html")) {
      page(exchange);
    } else if (path.equals("/mysfits")) {
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      json(exchange, 200, list(query));
    } else if (path.startsWith("/mysfits/")) {
      String id = decode(path.substring("/mysfits/".length()));
      if (!ID.matcher(id).matches()) {
        throw new BadRequest(
            "a mysfit id is 1-64 letters, digits, '-' or '_'; got '" + printable(id) + "'");
      }
      String mysfit = catalog.mysfit(id);
      if (mysfit == null) {
        error(exchange, 404, "no mysfit with id '" + id + "'");
      } else {
        json(exchange, 200, mysfit);
      }
    } else {
      error(exchange, 404, "no such resource; try GET /mysfits");
    }
  }

  private String list(Map<String, String> query) {
    for (String name : query.keySet()) {
      if (!name.equals("filter") && !name.equals("value")) {
        throw new BadRequest(
            "unknown query parameter '" + printable(name) + "'; use filter and value");
      }
    }
    String filterName = query.get("filter");
    String value = query.get("value");
    if (filterName == null && value == null) {
      return catalog.all();
    }
    if (filterName == null) {
      throw new BadRequest("value given without filter; use filter=" + MysfitsFilter.names());
    }
    MysfitsFilter filter = MysfitsFilter.named(filterName);
    if (filter == null) {
      throw new BadRequest(
          "unknown filter '" + printable(filterName) + "'; use one of " + MysfitsFilter.names());
    }
    if (value == null || value.isEmpty()) {
      throw new BadRequest("filter " + filter + " needs a value, e.g. value=Evil");
    }
    if (!VALUE.matcher(value).matches()) {
      throw new BadRequest(
          "a filter value is 1-64 letters, digits, spaces, '-' or '_'; got '"
              + printable(value)
              + "'");
    }
    return catalog.filtered(filter, value);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> result = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return result;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (result.put(name, value) != null) {
        throw new BadRequest("query parameter '" + printable(name) + "' given twice");
      }
    }
    return result;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("malformed percent-encoding in '" + printable(text) + "'");
    }
  }

  private static String printable(String text) {
    String shown = text.replaceAll("[^\\x20-\\x7E]", "?");
    return shown.length() > 64 ? shown.substring(0, 61) + "..." : shown;
  }

  static boolean unavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BackendUnavailableException || t instanceof SdkClientException) {
        return true;
      }
      if (t instanceof DynamoDbException d
          && (d.statusCode() >= 500 || d.isThrottlingException())) {
        return true;
      }
    }
    return false;
  }

  private static void page(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = MysfitsServer.class.getResourceAsStream("/mysfits/index.html")) {
      body = requireNonNull(in, "index.html is missing from the classpath").readAllBytes();
    }
    send(exchange, 200, "text/html; charset=utf-8", body);
  }

  private static void json(HttpExchange exchange, int status, String json) throws IOException {
    send(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, JSON.writeValueAsString(Map.of("error", message)));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A request the service cannot answer; the message says why, for the 400 body. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
