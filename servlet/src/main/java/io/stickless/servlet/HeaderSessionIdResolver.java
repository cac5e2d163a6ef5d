package io.stickless.servlet;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the session id in a request/response header, for API clients that hold a token instead of
 * cookies. The server sends the header on the response that creates or changes the session and
 * sends it empty when the session ends; the client echoes the last non-empty value it received.
 *
 * <pre>{@code
 * SessionIdResolver resolver = SessionIdResolver.header("X-Auth-Token");
 * }</pre>
 */
public final class HeaderSessionIdResolver implements SessionIdResolver {

  /** The usual header name. */
  public static final String DEFAULT_HEADER = "X-Auth-Token";

  private final String headerName;

  HeaderSessionIdResolver(String headerName) {
    requireNonNull(headerName, "headerName");
    if (headerName.isBlank()
        || !headerName.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
      throw new IllegalArgumentException(
          "Header name '" + headerName + "' is not a valid HTTP header name (e.g. X-Auth-Token)");
    }
    this.headerName = headerName;
  }

  /** The header name. */
  public String headerName() {
    return headerName;
  }

  @Override
  public @Nullable String resolveSessionId(HttpServletRequest request) {
    String value = request.getHeader(headerName);
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public void setSessionId(
      HttpServletRequest request, HttpServletResponse response, String sessionId) {
    response.setHeader(headerName, requireNonNull(sessionId, "sessionId"));
  }

  @Override
  public void expireSession(HttpServletRequest request, HttpServletResponse response) {
    response.setHeader(headerName, "");
  }

  @Override
  public String toString() {
    return "HeaderSessionIdResolver[" + headerName + "]";
  }
}
