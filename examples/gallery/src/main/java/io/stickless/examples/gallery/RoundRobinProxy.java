package io.stickless.examples.gallery;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The load balancer in front of the nodes: Jetty's reverse {@link ProxyHandler} sending each
 * request to the next running node in turn, with no stickiness of any kind. Jetty forwards the
 * method, body and headers (cookies and {@code Host} included) and relays the answer as it is
 * (redirects are not followed, cookies are not kept), adding {@code Via} and {@code Forwarded}.
 * Like a load balancer with health checks, it skips a node the launcher has stopped; with no node
 * running it answers {@code 503}.
 */
final class RoundRobinProxy implements AutoCloseable {

  private static final String TARGET = RoundRobinProxy.class.getName() + ".target";

  private final Server server;
  private final ServerConnector connector;

  /**
   * Starts the proxy on {@code 127.0.0.1:port} ({@code 0}: a free port).
   *
   * @param nodeUrls the base URLs ({@code http://127.0.0.1:port}) of the nodes running now
   */
  RoundRobinProxy(int port, Supplier<List<URI>> nodeUrls) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(64, 2);
    threads.setName("proxy");
    server = new Server(threads);
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    AtomicInteger next = new AtomicInteger();
    ProxyHandler.Reverse proxy =
        new ProxyHandler.Reverse(
            request -> {
              URI target = (URI) request.getAttribute(TARGET);
              return HttpURI.build(request.getHttpURI())
                  .scheme(target.getScheme())
                  .authority(target.getHost(), target.getPort());
            }) {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            List<URI> urls = nodeUrls.get();
            if (urls.isEmpty()) {
              Response.writeError(
                  request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "No node runs");
              return true;
            }
            request.setAttribute(
                TARGET, urls.get(Math.floorMod(next.getAndIncrement(), urls.size())));
            return super.handle(request, response, callback);
          }
        };
    proxy.setUseServerThreadPool(true);
    server.setHandler(proxy);
    server.setStopTimeout(2_000);
    try {
      server.start();
    } catch (Exception e) {
      server.stop();
      throw e;
    }
  }

  /** The proxy's address, e.g. {@code http://127.0.0.1:8080}. */
  String url() {
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
