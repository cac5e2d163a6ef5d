package io.stickless.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AsyncContext} an application gets from {@link StoreBackedRequest#startAsync}: commits
 * the session before {@link #complete()} lets the container send the response, so the next request,
 * on any node, sees it. Everything else goes to the container's context.
 */
final class CommittingAsyncContext implements AsyncContext {

  private static final Logger log = LoggerFactory.getLogger(CommittingAsyncContext.class);

  private final AsyncContext delegate;
  private final RequestSessions sessions;
  private final HttpServletRequest request;
  private final CommittingResponse response;

  CommittingAsyncContext(
      AsyncContext delegate,
      RequestSessions sessions,
      HttpServletRequest request,
      CommittingResponse response) {
    this.delegate = delegate;
    this.sessions = sessions;
    this.request = request;
    this.response = response;
  }

  /**
   * Commits, then completes. When the store cannot be reached the outage is recorded and, if the
   * response has not gone out yet, it becomes a 503.
   */
  @Override
  public void complete() {
    try {
      SessionCommitter.commit(
          sessions,
          request,
          (HttpServletResponse) response.getResponse(),
          SessionCommitter.OnFailure.ANSWER_503);
    } catch (IOException e) {
      log.debug("Could not send the 503 of an async request: {}", e.toString());
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
