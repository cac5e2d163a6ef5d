package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP client that keeps one cookie by hand (no cookie jar, no redirects followed), the way a
 * browser behind a round-robin balancer would look to the nodes.
 */
final class Browser {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String cookieName;
  private @Nullable String cookie;
  private Duration timeout = Duration.ofSeconds(20);

  Browser() {
    this(SessionCookie.DEFAULT_NAME);
  }

  Browser(String cookieName) {
    this.cookieName = cookieName;
  }

  Browser timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  @Nullable String cookie() {
    return cookie;
  }

  /** Sends the given cookie value from now on (null: none). */
  Browser cookie(@Nullable String value) {
    this.cookie = value;
    return this;
  }

  Reply get(AppNode node, String pathAndQuery) {
    return get(node.uri(pathAndQuery));
  }

  Reply get(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    if (cookie != null) {
      request.header("Cookie", cookieName + "=" + cookie);
    }
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return remember(
          new Reply(
              response.statusCode(),
              response.body(),
              response.headers().allValues("Set-Cookie"),
              response.headers().firstValue("Location").orElse(null)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends a request and returns once the headers arrived, the body still streaming. */
  HttpResponse<InputStream> open(AppNode node, String pathAndQuery) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(node.uri(pathAndQuery)).timeout(timeout).GET();
    if (cookie != null) {
      request.header("Cookie", cookieName + "=" + cookie);
    }
    try {
      HttpResponse<InputStream> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      remember(
          new Reply(response.statusCode(), "", response.headers().allValues("Set-Cookie"), null));
      return response;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Reply remember(Reply reply) {
    for (String header : reply.setCookies()) {
      assertThat(header).as("the container's own session cookie").doesNotStartWith("JSESSIONID");
      if (header.startsWith(cookieName + "=")) {
        String value = header.substring(cookieName.length() + 1).split(";", 2)[0];
        boolean expired = header.toLowerCase(Locale.ROOT).contains("max-age=0");
        cookie = expired || value.isEmpty() ? null : value;
      }
    }
    return reply;
  }

  record Reply(int status, String body, List<String> setCookies, @Nullable String location) {

    @Nullable String sessionCookieHeader(String name) {
      return setCookies.stream().filter(h -> h.startsWith(name + "=")).findFirst().orElse(null);
    }
  }
}
