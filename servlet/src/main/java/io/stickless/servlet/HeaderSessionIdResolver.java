package io.stickless.servlet;

import static java.util.Objects.requireNonNull;

import io.stickless.session.ReadHint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the session id in a request/response header, for API clients that hold a token instead of
 * cookies. The server sends the header on the response that creates or changes the session and
 * sends it empty when the session ends; the client echoes the last non-empty value it received.
 *
 * <p>With a store that hands out {@link ReadHint}s, every response whose request wrote the session
 * also carries the header {@code <name>-Hint} (e.g. {@code X-Auth-Token-Hint: 6.lx2k9q1c}); a
 * client that sends the last one it received back in the same header gets eventually consistent
 * reads at half the price. A client that never sends it is read strongly consistent, so clients
 * written before hints keep working unchanged. Keep the hint header of the latest response: an
 * older one is safe only within {@link ReadHint#STRONG_READ_WINDOW} of its write.
 *
 * <pre>{@code
 * SessionIdResolver resolver = SessionIdResolver.header("X-Auth-Token");
 * }</pre>
 */
public final class HeaderSessionIdResolver implements SessionIdResolver {

  /** The usual header name. */
  public static final String DEFAULT_HEADER = "X-Auth-Token";

  /** Appended to the header name to name the read hint's header. */
  public static final String HINT_SUFFIX = "-Hint";

  private final String headerName;
  private final String hintHeaderName;

  HeaderSessionIdResolver(String headerName) {
    requireNonNull(headerName, "headerName");
    if (headerName.isBlank()
        || !headerName.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
      throw new IllegalArgumentException(
          "Header name '" + headerName + "' is not a valid HTTP header name (e.g. X-Auth-Token)");
    }
    this.headerName = headerName;
    this.hintHeaderName = headerName + HINT_SUFFIX;
  }

  /** The header name. */
  public String headerName() {
    return headerName;
  }

  /** The name of the read hint's header: {@link #headerName()} plus {@value #HINT_SUFFIX}. */
  public String hintHeaderName() {
    return hintHeaderName;
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
  public @Nullable ReadHint resolveReadHint(HttpServletRequest request) {
    String value = request.getHeader(hintHeaderName);
    return value == null ? null : ReadHint.parse(value.trim());
  }

  @Override
  public void setSessionId(
      HttpServletRequest request,
      HttpServletResponse response,
      String sessionId,
      @Nullable ReadHint hint) {
    setSessionId(request, response, sessionId);
    if (hint != null) {
      response.setHeader(hintHeaderName, hint.toString());
    }
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
