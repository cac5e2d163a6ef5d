package io.stickless.benchmarks.load;

import io.stickless.DynamoDbUsage;
import io.stickless.session.SessionStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * What the driver reads from the app, one line per record ({@code name k=v k=v}): {@code
 * /_bench/usage} (calls and units by request type, and the store's own totals to check they add
 * up), {@code /_bench/cpu} (the JVM's process CPU time), {@code /_bench/raw-get?n=} (n raw SDK
 * {@code GetItem}s of a 2 KB item with the app's own client, timed in the app: the baseline of the
 * read-only request's added latency) and {@code /_bench/raw-get-once} (one such {@code GetItem} per
 * HTTP request, for the driver to time client-side: what one {@code GetItem} costs made from inside
 * a request, as the session store makes it).
 */
final class MeasureServlet extends HttpServlet {

  static final String RAW_KEY = "bench:raw-2k";

  private final UsageByType usage;
  private final @Nullable SessionStore store;
  private final @Nullable DynamoDbClient client;
  private final String table;
  private volatile @Nullable GetItemRequest rawGet;

  MeasureServlet(
      UsageByType usage,
      @Nullable SessionStore store,
      @Nullable DynamoDbClient client,
      String table) {
    this.usage = usage;
    this.store = store;
    this.client = client;
    this.table = table;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    StringBuilder out = new StringBuilder();
    switch (req.getPathInfo() == null ? "" : req.getPathInfo()) {
      case "/usage" -> {
        for (RequestType t : RequestType.values()) {
          UsageByType.Totals u = usage.totals(t);
          out.append(t.name())
              .append(" requests=")
              .append(u.requests.sum())
              .append(" calls=")
              .append(u.calls.sum())
              .append(" writeCalls=")
              .append(u.writeCalls.sum())
              .append(" rcu=")
              .append(u.readUnits.sum())
              .append(" wcu=")
              .append(u.writeUnits.sum())
              .append('\n');
        }
        if (store != null) {
          DynamoDbUsage s = store.stats().usage();
          out.append("STORE calls=")
              .append(s.totalCalls())
              .append(" rcu=")
              .append(s.readUnits())
              .append(" wcu=")
              .append(s.writeUnits())
              .append(" touches=")
              .append(store.stats().touches())
              .append('\n');
        }
      }
      case "/cpu" -> {
        var os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        out.append("CPU nanos=").append(os.getProcessCpuTime()).append('\n');
      }
      case "/raw-get" -> {
        if (client == null) {
          resp.sendError(404, "no DynamoDB client in this app (container sessions)");
          return;
        }
        int n = Integer.parseInt(req.getParameter("n"));
        long[] nanos = rawGets(n);
        out.append("RAW n=").append(n);
        for (double p : new double[] {50, 90, 99}) {
          out.append(" p").append((int) p).append('=').append(Percentiles.of(nanos, p));
        }
        out.append('\n');
      }
      case "/raw-get-once" -> {
        if (client == null) {
          resp.sendError(404, "no DynamoDB client in this app (container sessions)");
          return;
        }
        GetItemRequest get = rawGet;
        if (get == null) {
          get = rawGet = RawItem.put(client, table, RAW_KEY);
        }
        int length = client.getItem(get).item().get("v").b().asByteArrayUnsafe().length;
        out.append("RAW bytes=").append(length).append('\n');
      }
      default -> {
        resp.sendError(
            404, "/_bench/usage, /_bench/cpu, /_bench/raw-get?n= or /_bench/raw-get-once");
        return;
      }
    }
    resp.setContentType("text/plain;charset=utf-8");
    resp.getWriter().write(out.toString());
  }

  private long[] rawGets(int n) {
    GetItemRequest get = RawItem.put(client, table, RAW_KEY);
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      byte[] read = client.getItem(get).item().get("v").b().asByteArrayUnsafe();
      nanos[i] = System.nanoTime() - start;
      if (read.length != RawItem.BYTES) {
        throw new IllegalStateException("the raw item is " + read.length + " bytes");
      }
    }
    return nanos;
  }
}
