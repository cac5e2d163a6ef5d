package io.stickless.benchmarks.load;

import io.stickless.servlet.SessionFilter;
import io.stickless.session.InMemorySessionStore;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
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
 * benchmark's app, a 2 KB session) through Jetty's in-process {@link LocalConnector} (no sockets),
 * its session kept by the Stickless filter over the in-memory store, against the same request with
 * Jetty's own in-memory sessions and no filter. The difference is what the filter, the session
 * engine and the codec add on top of what the container does anyway. Each request closes its
 * connection: a {@code LocalConnector} endpoint left open per request slows every later one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class FilterOverheadBenchmark {

  private static final Pattern COOKIE =
      Pattern.compile("(?im)^Set-Cookie: *([A-Z]+)=([^;\\r\\n]+)");

  /** {@code stickless}: the filter over the in-memory store; {@code container}: no filter. */
  @Param({"container", "stickless"})
  public String sessions;

  private Server server;
  private LocalConnector connector;
  private String readRequest;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = new Server();
    connector = new LocalConnector(server);
    server.addConnector(connector);
    boolean stickless = sessions.equals("stickless");
    ServletContextHandler context =
        new ServletContextHandler(
            "/", stickless ? ServletContextHandler.NO_SESSIONS : ServletContextHandler.SESSIONS);
    if (stickless) {
      context.addFilter(
          new FilterHolder(SessionFilter.builder(InMemorySessionStore.builder().build()).build()),
          "/*",
          EnumSet.allOf(DispatcherType.class));
    }
    context.addServlet(new ServletHolder(new SessionServlet()), "/");
    server.setHandler(context);
    server.start();
    String created =
        connector.getResponse("GET /new HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n");
    Matcher cookie = COOKIE.matcher(created);
    if (!cookie.find()) {
      throw new IllegalStateException("no session cookie in:\n" + created);
    }
    readRequest =
        "GET /read HTTP/1.1\r\nHost: bench\r\nConnection: close\r\nCookie: "
            + cookie.group(1)
            + "="
            + cookie.group(2)
            + "\r\n\r\n";
    String read = readRequest();
    if (!read.startsWith("HTTP/1.1 200") || !read.contains("a3=")) {
      throw new IllegalStateException("the session was not read:\n" + read);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    server.stop();
  }

  @Benchmark
  public String readRequest() throws Exception {
    return connector.getResponse(readRequest);
  }
}
