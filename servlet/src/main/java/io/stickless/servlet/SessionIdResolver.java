package io.stickless.servlet;

import io.stickless.session.ReadHint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * How a session id travels between client and server: read from a request, written to a response,
 * and expired when the session ends. Browsers use a cookie ({@link #cookie(SessionCookie)}, the
 * default); API clients a header ({@link #header(String)}).
 *
 * <pre>{@code
 * SessionFilter filter = SessionFilter.builder(store)
 *     .sessionIdResolver(SessionIdResolver.header("X-Auth-Token"))
 *     .build();
 * }</pre>
 *
 * <p>The filter calls {@link #setSessionId} and {@link #expireSession} before the response is
 * committed, and only when what the client holds must change (typically once, in a request that
 * creates a session, changes its id or ends it); never after the response is committed.
 * Implementations must be thread-safe. A value that is not the shape of a Stickless session id is
 * ignored by the filter without any call to DynamoDB, so a resolver needs not validate what it
 * reads.
 *
 * <p>With a store that reads {@link io.stickless.session.ConsistentReads#HINTED}, the filter also
 * hands the client a {@link ReadHint} after every request that wrote the session ({@link
 * #setSessionId(HttpServletRequest, HttpServletResponse, String, ReadHint)}) and reads the one it
 * returns ({@link #resolveReadHint}). Both methods have defaults that carry no hint, so a custom
 * resolver keeps working: its clients' reads are then strongly consistent, at the full price.
 */
public interface SessionIdResolver {

  /**
   * The session id the client sent with this request, or {@code null} when it sent none. Must not
   * touch the session store.
   */
  @Nullable String resolveSessionId(HttpServletRequest request);

  /** Tells the client to use {@code sessionId} from now on (e.g. a {@code Set-Cookie} header). */
  void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId);

  /**
   * The read hint the client sent with this request, or {@code null} when it sent none or one that
   * is malformed. A hint never selects a session (the id does), so a resolver needs not check it
   * beyond {@link ReadHint#parse(String)}. Default: {@code null} (no hints travel).
   */
  default @Nullable ReadHint resolveReadHint(HttpServletRequest request) {
    return null;
  }

  /**
   * Tells the client to use {@code sessionId} and, when {@code hint} is not null, to return {@code
   * hint} with its next requests. Called with the same id and a new hint after every request that
   * wrote the session, when the store hands out hints. Default: {@link
   * #setSessionId(HttpServletRequest, HttpServletResponse, String)}, dropping the hint.
   */
  default void setSessionId(
      HttpServletRequest request,
      HttpServletResponse response,
      String sessionId,
      @Nullable ReadHint hint) {
    setSessionId(request, response, sessionId);
  }

  /** Tells the client to forget its session id (e.g. an expired {@code Set-Cookie}). */
  void expireSession(HttpServletRequest request, HttpServletResponse response);

  /** A resolver that keeps the id in the given cookie. */
  static CookieSessionIdResolver cookie(SessionCookie cookie) {
    return new CookieSessionIdResolver(cookie);
  }

  /** A resolver that keeps the id in the default cookie ({@link SessionCookie#defaults()}). */
  static CookieSessionIdResolver cookie() {
    return new CookieSessionIdResolver(SessionCookie.defaults());
  }

  /**
   * A resolver that reads the id from, and writes it to, the named header (e.g. {@value
   * HeaderSessionIdResolver#DEFAULT_HEADER}).
   */
  static HeaderSessionIdResolver header(String headerName) {
    return new HeaderSessionIdResolver(headerName);
  }
}
