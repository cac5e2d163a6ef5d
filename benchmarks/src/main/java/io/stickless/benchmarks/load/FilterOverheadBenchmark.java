package io.stickless.benchmarks.load;

import io.stickless.servlet.SessionFilter;
import io.stickless.session.SessionStore;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The session filter's own per-request overhead: a read-only request ({@code GET /read} of the load
 * benchmark's app, a 2 KB session) over loopback HTTP to embedded Jetty, its session kept by the
 * Stickless filter over the in-memory store, against the same request with Jetty's own in-memory
 * sessions and no filter. The difference is what the filter, the session engine and the codec add
 * on top of what the container does anyway. (Jetty's in-process {@code LocalConnector} was tried
 * first: on Jetty 12.1 it took milliseconds per request, far more than a socket.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class FilterOverheadBenchmark {

  private static final Pattern COOKIE = Pattern.compile("^([A-Z]+)=([^;]+)");

  /** {@code stickless}: the filter over the in-memory store; {@code container}: no filter. */
  @Param({"container", "stickless"})
  public String sessions;

  private Server server;
  private HttpClient http;
  private HttpRequest readRequest;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    boolean stickless = sessions.equals("stickless");
    ServletContextHandler context =
        new ServletContextHandler(
            "/", stickless ? ServletContextHandler.NO_SESSIONS : ServletContextHandler.SESSIONS);
    if (stickless) {
      context.addFilter(
          new FilterHolder(SessionFilter.builder(SessionStore.inMemory().build()).build()),
          "/*",
          EnumSet.allOf(DispatcherType.class));
    }
    context.addServlet(new ServletHolder(new SessionServlet()), "/");
    server.setHandler(context);
    server.start();
    URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(base.resolve("/new")).build(),
            HttpResponse.BodyHandlers.ofString());
    Matcher cookie = COOKIE.matcher(created.headers().firstValue("Set-Cookie").orElse(""));
    if (!cookie.find()) {
      throw new IllegalStateException("no session cookie in " + created.headers());
    }
    readRequest =
        HttpRequest.newBuilder(base.resolve("/read"))
            .header("Cookie", cookie.group(1) + "=" + cookie.group(2))
            .build();
    String read = readRequest();
    if (!read.contains("a3=")) {
      throw new IllegalStateException("the session was not read: " + read);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    server.stop();
  }

  @Benchmark
  public String readRequest() throws Exception {
    return http.send(readRequest, HttpResponse.BodyHandlers.ofString()).body();
  }
}
