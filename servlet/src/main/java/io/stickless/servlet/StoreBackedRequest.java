package io.stickless.servlet;

import io.stickless.BackendUnavailableException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request the application sees: sessions come from {@link RequestSessions}, never from the
 * container (so no {@code JSESSIONID} is ever made), and an async request commits its session
 * before {@link AsyncContext#complete()} sends the response.
 */
final class StoreBackedRequest extends HttpServletRequestWrapper {

  private static final Logger log = LoggerFactory.getLogger(StoreBackedRequest.class);

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
    AsyncContext context = new CommittingAsyncContext(super.startAsync(request, servletResponse));
    asyncContext = context;
    return context;
  }

  @Override
  public AsyncContext getAsyncContext() {
    AsyncContext context = asyncContext;
    return context != null ? context : super.getAsyncContext();
  }

  /** Commits the session before {@link #complete()} lets the container send the response. */
  private final class CommittingAsyncContext implements AsyncContext {
    private final AsyncContext delegate;

    CommittingAsyncContext(AsyncContext delegate) {
      this.delegate = delegate;
    }

    /**
     * Commits, then completes. When the store cannot be reached the outage is recorded and, if the
     * response has not gone out yet, it becomes a 503.
     */
    @Override
    public void complete() {
      SessionFilter.Runtime rt = sessions.runtime();
      try {
        sessions.commit(StoreBackedRequest.this, response, true);
        if (sessions.usedStore()) {
          rt.health().succeeded();
        }
      } catch (BackendUnavailableException e) {
        SessionFilter.failed(rt, e);
        HttpServletResponse raw = (HttpServletResponse) response.getResponse();
        if (raw.isCommitted()) {
          SessionFilter.lost(rt, e);
        } else {
          try {
            SessionFilter.unavailable(raw);
          } catch (IOException io) {
            log.debug("Could not send the 503 of an async request: {}", io.toString());
          }
        }
      } finally {
        sessions.markCommittedByComplete();
        delegate.complete();
      }
    }

    @Override
    public ServletRequest getRequest() {
      return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
      return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
      return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
      delegate.dispatch();
    }

    @Override
    public void dispatch(String path) {
      delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
      delegate.dispatch(context, path);
    }

    @Override
    public void addListener(AsyncListener listener) {
      delegate.addListener(listener);
    }

    @Override
    public void addListener(
        AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
      delegate.addListener(listener, servletRequest, servletResponse);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
      return delegate.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout) {
      delegate.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
      return delegate.getTimeout();
    }

    @Override
    public void start(Runnable run) {
      delegate.start(run);
    }
  }
}
