package io.stickless.examples.gallery;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal HTTP "browser" for the integration tests: keeps cookies like a browser, does not follow
 * redirects (tests look at them), and reads the values the gallery's pages expose as {@code data-}
 * attributes.
 */
final class Browser {

  private final HttpClient http;
  private final String base;

  Browser(String base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  Page get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Page post(String path, Map<String, String> form) throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Logs in as the tests' admin; answers the redirect. */
  Page login() throws IOException, InterruptedException {
    return post(
        "/login", Map.of("user", GalleryClusterIT.ADMIN, "password", GalleryClusterIT.PASSWORD));
  }

  private Page send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return new Page(response);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** One response, with the page's values. */
  record Page(HttpResponse<String> response) {

    int status() {
      return response.statusCode();
    }

    String node() {
      return response.headers().firstValue(GalleryNode.NODE_HEADER).orElse("");
    }

    String body() {
      return response.body();
    }

    String location() {
      return response.headers().firstValue("Location").orElse("");
    }

    /** The logged-in user the page shows, or "". */
    String user() {
      return attribute("body", "data-user");
    }

    int dynamoDbCalls() {
      return Integer.parseInt(attribute("cost", "data-dynamodb-calls"));
    }

    int getItems() {
      return Integer.parseInt(attribute("cost", "data-get-items"));
    }

    double readUnits() {
      return Double.parseDouble(attribute("cost", "data-read-units"));
    }

    double writeUnits() {
      return Double.parseDouble(attribute("cost", "data-write-units"));
    }

    int sqlQueries() {
      return Integer.parseInt(attribute("cost", "data-sql-queries"));
    }

    String cache() {
      return attribute("cost", "data-cache");
    }

    private String attribute(String element, String name) {
      String tag =
          element.equals("body")
              ? "<body[^>]*"
              : "<[a-z]+ id=\"" + Pattern.quote(element) + "\"[^>]*";
      Matcher m =
          Pattern.compile(tag + "\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(body());
      if (!m.find()) {
        throw new AssertionError("No " + name + " on <" + element + "> in:\n" + body());
      }
      return m.group(1);
    }
  }
}
