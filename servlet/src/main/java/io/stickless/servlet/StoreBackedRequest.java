package io.stickless.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

/**
 * The request the application sees: sessions come from {@link RequestSessions}, never from the
 * container (so no {@code JSESSIONID} is ever made), and an async request's context is a {@link
 * CommittingAsyncContext}, which commits the session before {@link AsyncContext#complete()} sends
 * the response.
 */
final class StoreBackedRequest extends HttpServletRequestWrapper {

  private final RequestSessions sessions;
  private final CommittingResponse response;
  private @Nullable AsyncContext asyncContext;

  StoreBackedRequest(
      HttpServletRequest request, CommittingResponse response, RequestSessions sessions) {
    super(request);
    this.response = response;
    this.sessions = sessions;
  }

  RequestSessions sessions() {
    return sessions;
  }

  @Override
  public @Nullable HttpSession getSession(boolean create) {
    return sessions.getSession(create, response);
  }

  @Override
  public HttpSession getSession() {
    HttpSession session = sessions.getSession(true, response);
    if (session == null) {
      throw new IllegalStateException("getSession(true) gave no session");
    }
    return session;
  }

  @Override
  public String changeSessionId() {
    return sessions.changeSessionId(response);
  }

  @Override
  public @Nullable String getRequestedSessionId() {
    return sessions.requestedId();
  }

  @Override
  public boolean isRequestedSessionIdValid() {
    return sessions.isRequestedSessionIdValid();
  }

  @Override
  public boolean isRequestedSessionIdFromCookie() {
    return sessions.requestedId() != null && sessions.fromCookie();
  }

  @Override
  public boolean isRequestedSessionIdFromURL() {
    return false;
  }

  @Override
  public AsyncContext startAsync() {
    return startAsync(this, response);
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse servletResponse) {
    AsyncContext context =
        new CommittingAsyncContext(
            super.startAsync(request, servletResponse), sessions, this, response);
    asyncContext = context;
    return context;
  }

  @Override
  public AsyncContext getAsyncContext() {
    AsyncContext context = asyncContext;
    return context != null ? context : super.getAsyncContext();
  }
}
