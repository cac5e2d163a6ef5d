package io.stickless.spring;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A browser reduced to what the tests need: one SESSION cookie, sent to whichever node it talks to
 * (nodes differ only by port, as behind a load balancer), no redirects followed.
 */
final class Browser {

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  @Nullable String session;

  HttpResponse<String> get(int port, String path) throws Exception {
    return send(request(port, path).GET());
  }

  HttpResponse<String> post(int port, String path, Map<String, String> form) throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        request(port, path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The CSRF token of this browser's session, as a page's form would carry it. */
  String csrf(int port) throws Exception {
    return get(port, "/csrf").body();
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
    for (String cookie : response.headers().allValues("Set-Cookie")) {
      if (cookie.startsWith("SESSION=")) {
        String value = cookie.substring("SESSION=".length(), cookie.indexOf(';'));
        session = value.isEmpty() ? null : value;
      }
    }
    return response;
  }
}
