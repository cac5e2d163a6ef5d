package io.stickless.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.testing.LocalDynamoDb;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The demo as a user sees it: log in on one node, the other knows you and your session. */
class TwoNodesDemoIT {

  private static final Pattern CSRF =
      Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private String session;

  @Test
  void aLoginOnOneNodeIsKnownToTheOtherAndTheQuoteIsComputedOnce() throws Exception {
    LocalDynamoDb server = LocalDynamoDb.shared();
    String table = LocalDynamoDb.uniqueTableName("boot-demo");
    try (ConfigurableApplicationContext a = node(server, table, "A");
        ConfigurableApplicationContext b = node(server, table, "B")) {
      int portA = port(a);
      int portB = port(b);

      Matcher csrf = CSRF.matcher(get(portA, "/login").body());
      assertThat(csrf.find()).isTrue();
      HttpResponse<String> login =
          post(portB, "/login", "username=alice&password=alice&_csrf=" + enc(csrf.group(1)));
      assertThat(login.statusCode()).isEqualTo(302);

      String first = get(portA, "/").body();
      String second = get(portB, "/").body();
      assertThat(first).contains("Hello alice", "served by node A", "visits in this session: 1");
      assertThat(second).contains("Hello alice", "served by node B", "visits in this session: 2");
      String quote = first.lines().filter(l -> l.startsWith("Quote")).findFirst().orElseThrow();
      assertThat(second).contains(quote); // computed once, on whichever node came first
    }
  }

  private ConfigurableApplicationContext node(LocalDynamoDb server, String table, String name) {
    return new SpringApplicationBuilder(DemoApplication.class)
        .properties(
            "server.port=0",
            "demo.node=" + name,
            "spring.main.banner-mode=off",
            "stickless.table=" + table,
            "stickless.endpoint=" + server.endpoint(),
            "stickless.region=us-east-1",
            "stickless.api-call-timeout=30s",
            "stickless.api-call-attempt-timeout=10s")
        .run();
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return send(request(port, path).GET());
  }

  private HttpResponse<String> post(int port, String path, String form) throws Exception {
    return send(
        request(port, path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private HttpRequest.Builder request(int port, String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    if (session != null) {
      b.header("Cookie", "SESSION=" + session);
    }
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("SESSION="))
        .forEach(c -> session = c.substring("SESSION=".length(), c.indexOf(';')));
    return response;
  }
}
