package io.stickless.examples.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The proxy in front of two plain Jetty backends that echo what they receive: requests and answers
 * pass unchanged, and requests go round-robin over the backends that are up.
 */
@Timeout(60)
class RoundRobinProxyIT {

  private final List<Server> backends = new ArrayList<>();
  private final List<URI> up = new CopyOnWriteArrayList<>();
  private RoundRobinProxy proxy;
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeEach
  void start() throws Exception {
    for (String name : List.of("a", "b")) {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      server.addConnector(connector);
      ServletContextHandler handler = new ServletContextHandler("/");
      handler.addServlet(new ServletHolder(new Echo(name)), "/*");
      server.setHandler(handler);
      server.start();
      backends.add(server);
      up.add(URI.create("http://127.0.0.1:" + connector.getLocalPort()));
    }
    proxy = new RoundRobinProxy(0, () -> List.copyOf(up));
  }

  @AfterEach
  void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    for (Server s : backends) {
      s.stop();
    }
  }

  @Test
  void postBodiesReachTheBackendByteForByte() throws Exception {
    byte[] body = new byte[70_000];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 31 + 7);
    }
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(proxy.url() + "/upload?x=1&y=%C3%A9"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("method=POST")
        .contains("uri=/upload")
        .contains("query=x=1&y=%C3%A9")
        .contains("length=" + body.length)
        .contains("sha256=" + sha256(body))
        .contains("content-type=application/octet-stream");
  }

  @Test
  void formPostsAndOtherMethodsPassUnchanged() throws Exception {
    String form = "user=admin&password=p%26ss+w%C3%B6rd";
    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(URI.create(proxy.url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(post.body()).contains("body=" + form).contains("param.password=p&ss wörd");
    HttpResponse<String> delete =
        send(HttpRequest.newBuilder(URI.create(proxy.url() + "/items/7")).DELETE());
    assertThat(delete.body()).contains("method=DELETE").contains("uri=/items/7");
  }

  @Test
  void cookiesPassBothWaysUnchanged() throws Exception {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(proxy.url() + "/set-cookies"))
                .header("Cookie", "SESSION=abc-DEF_123; theme=dark")
                .GET());
    assertThat(response.body()).contains("cookie-header=SESSION=abc-DEF_123; theme=dark");
    assertThat(response.headers().allValues("Set-Cookie"))
        .containsExactlyInAnyOrder(
            "SESSION=n3w-1d_X; Path=/; HttpOnly; SameSite=Lax", "theme=light; Path=/; Max-Age=60");
  }

  @Test
  void proxyKeepsNoCookiesOfItsOwn() throws Exception {
    send(HttpRequest.newBuilder(URI.create(proxy.url() + "/set-cookies")).GET());
    HttpResponse<String> next = send(HttpRequest.newBuilder(URI.create(proxy.url() + "/")).GET());
    assertThat(next.body()).contains("cookie-header=null");
  }

  @Test
  void redirectsReachTheClientUnchangedAndAreNotFollowed() throws Exception {
    for (String status : List.of("302", "303", "307")) {
      HttpResponse<String> response =
          send(HttpRequest.newBuilder(URI.create(proxy.url() + "/redirect/" + status)).GET());
      assertThat(response.statusCode()).isEqualTo(Integer.parseInt(status));
      assertThat(response.headers().firstValue("Location")).hasValue("/target?from=" + status);
    }
  }

  @Test
  void hostHeaderIsTheProxysSoAbsoluteLinksPointBackThroughIt() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(proxy.url() + "/")).GET());
    assertThat(response.body()).contains("host=" + URI.create(proxy.url()).getAuthority());
  }

  @Test
  void requestsAlternateOverTheBackendsThatAreUp() throws Exception {
    List<String> served = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      served.add(servedBy());
    }
    assertThat(served).containsOnly("a", "b");
    assertThat(Collections.frequency(served, "a")).isEqualTo(2);

    up.remove(0);
    for (int i = 0; i < 3; i++) {
      assertThat(servedBy()).isEqualTo("b");
    }
    up.clear();
    assertThat(send(HttpRequest.newBuilder(URI.create(proxy.url() + "/")).GET()).statusCode())
        .isEqualTo(503);
  }

  private String servedBy() throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(proxy.url() + "/")).GET())
        .headers()
        .firstValue("X-Backend")
        .orElseThrow();
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Answers with what it received, sets cookies or redirects on request. */
  private static final class Echo extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String name;

    Echo(String name) {
      this.name = name;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setHeader("X-Backend", name);
      String uri = request.getRequestURI();
      if (uri.startsWith("/redirect/")) {
        String status = uri.substring("/redirect/".length());
        response.setStatus(Integer.parseInt(status));
        response.setHeader("Location", "/target?from=" + status);
        return;
      }
      if (uri.equals("/set-cookies")) {
        response.addHeader("Set-Cookie", "SESSION=n3w-1d_X; Path=/; HttpOnly; SameSite=Lax");
        response.addHeader("Set-Cookie", "theme=light; Path=/; Max-Age=60");
      }
      StringBuilder out = new StringBuilder();
      out.append("method=").append(request.getMethod()).append('\n');
      out.append("uri=").append(uri).append('\n');
      out.append("query=").append(request.getQueryString()).append('\n');
      out.append("host=").append(request.getHeader("Host")).append('\n');
      out.append("cookie-header=").append(request.getHeader("Cookie")).append('\n');
      out.append("content-type=").append(request.getContentType()).append('\n');
      if ("application/x-www-form-urlencoded".equals(request.getContentType())) {
        byte[] body = request.getInputStream().readAllBytes();
        out.append("body=").append(new String(body, StandardCharsets.UTF_8)).append('\n');
        String decoded =
            java.net.URLDecoder.decode(
                new String(body, StandardCharsets.UTF_8).replaceAll(".*password=", ""),
                StandardCharsets.UTF_8);
        out.append("param.password=").append(decoded).append('\n');
      } else {
        byte[] body = request.getInputStream().readAllBytes();
        out.append("length=").append(body.length).append('\n');
        try {
          out.append("sha256=").append(sha256(body)).append('\n');
        } catch (Exception e) {
          throw new IOException(e);
        }
      }
      response.setContentType("text/plain;charset=UTF-8");
      response.getWriter().write(out.toString());
    }
  }
}
