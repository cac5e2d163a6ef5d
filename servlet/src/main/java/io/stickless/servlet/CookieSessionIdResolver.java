package io.stickless.servlet;

import static java.util.Objects.requireNonNull;

import io.stickless.session.ReadHint;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the session id in a cookie described by a {@link SessionCookie}. The {@code Set-Cookie}
 * header is written by hand (not through {@code jakarta.servlet.http.Cookie}) so every container
 * emits the same attributes, {@code SameSite} included.
 *
 * <p>With a store that hands out {@link ReadHint}s, the cookie's value is the id, a dot and the
 * hint ({@code <id>.<hint>}, e.g. {@code q3W8...Zk.6.lx2k9q1c}), rewritten after every request that
 * wrote the session; otherwise it is the id alone. Either form is read by every store, so switching
 * the mode needs no cookie migration.
 *
 * <pre>{@code
 * SessionIdResolver resolver = SessionIdResolver.cookie(
 *     SessionCookie.builder().name("SID").secure(true).build());
 * }</pre>
 */
public final class CookieSessionIdResolver implements SessionIdResolver {

  /** Between the id and the read hint in the cookie's value; never part of an id. */
  static final char HINT_SEPARATOR = '.';

  private static final String EXPIRED = "Thu, 01 Jan 1970 00:00:00 GMT";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final SessionCookie cookie;

  CookieSessionIdResolver(SessionCookie cookie) {
    this.cookie = requireNonNull(cookie, "cookie");
  }

  /** The cookie options. */
  public SessionCookie cookie() {
    return cookie;
  }

  /**
   * The id in the first cookie with the configured name (the part before a read hint, if any); when
   * the client sent several (e.g. from different paths), the first non-empty one.
   */
  @Override
  public @Nullable String resolveSessionId(HttpServletRequest request) {
    String value = value(request);
    if (value == null) {
      return null;
    }
    int dot = value.indexOf(HINT_SEPARATOR);
    return dot < 0 ? value : dot == 0 ? null : value.substring(0, dot);
  }

  /** The read hint after the id in the same cookie, or null (none, or malformed). */
  @Override
  public @Nullable ReadHint resolveReadHint(HttpServletRequest request) {
    String value = value(request);
    int dot = value == null ? -1 : value.indexOf(HINT_SEPARATOR);
    return dot < 0 ? null : ReadHint.parse(value.substring(dot + 1));
  }

  private @Nullable String value(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie c : cookies) {
      if (cookie.name().equals(c.getName()) && c.getValue() != null && !c.getValue().isEmpty()) {
        return c.getValue();
      }
    }
    return null;
  }

  @Override
  public void setSessionId(
      HttpServletRequest request, HttpServletResponse response, String sessionId) {
    setSessionId(request, response, sessionId, null);
  }

  @Override
  public void setSessionId(
      HttpServletRequest request,
      HttpServletResponse response,
      String sessionId,
      @Nullable ReadHint hint) {
    requireNonNull(sessionId, "sessionId");
    Duration maxAge = cookie.maxAge();
    response.addHeader(
        "Set-Cookie",
        header(
            request,
            hint == null ? sessionId : sessionId + HINT_SEPARATOR + hint,
            maxAge == null ? -1 : maxAge.getSeconds(),
            maxAge == null ? null : HTTP_DATE.format(Instant.now().plus(maxAge))));
  }

  @Override
  public void expireSession(HttpServletRequest request, HttpServletResponse response) {
    response.addHeader("Set-Cookie", header(request, "", 0, EXPIRED));
  }

  String header(
      HttpServletRequest request, String value, long maxAgeSeconds, @Nullable String expires) {
    StringBuilder b = new StringBuilder(160).append(cookie.name()).append('=').append(value);
    if (maxAgeSeconds >= 0) {
      b.append("; Max-Age=").append(maxAgeSeconds);
    }
    if (expires != null) {
      b.append("; Expires=").append(expires);
    }
    b.append("; Path=").append(path(request));
    if (cookie.domain() != null) {
      b.append("; Domain=").append(cookie.domain());
    }
    Boolean secure = cookie.secure();
    if (secure == null ? request.isSecure() : secure) {
      b.append("; Secure");
    }
    if (cookie.httpOnly()) {
      b.append("; HttpOnly");
    }
    if (cookie.sameSite() != null) {
      b.append("; SameSite=").append(cookie.sameSite());
    }
    return b.toString();
  }

  private String path(HttpServletRequest request) {
    String configured = cookie.path();
    if (configured != null) {
      return configured;
    }
    String contextPath = request.getContextPath();
    return contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
  }

  @Override
  public String toString() {
    return "CookieSessionIdResolver[" + cookie + "]";
  }
}
