package io.stickless.servlet;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The filter's request dispatch: gives a request its {@link RequestSessions} (one per request, kept
 * across forward, include, error and async dispatches), wraps request and response, runs the chain
 * and hands the end of the request to {@link SessionCommitter}.
 */
final class SessionDispatch {

  /** Request attribute holding the request's {@link RequestSessions} across dispatches. */
  static final String SESSIONS_ATTRIBUTE = SessionFilter.class.getName() + ".SESSIONS";

  private final FilterParts parts;

  SessionDispatch(FilterParts parts) {
    this.parts = parts;
  }

  void dispatch(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    RequestSessions sessions;
    if (request.getAttribute(SESSIONS_ATTRIBUTE) instanceof RequestSessions existing) {
      if (wraps(request, existing)) {
        // forward, include or async dispatch through our own wrappers: already in place
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
          // the dispatched resource may create or change the session: commit when it returns,
          // unless it started async processing again
          runAndCommit(existing, request, response, chain, request, response);
        } else {
          chain.doFilter(request, response);
        }
        return;
      }
      // error or async dispatch handed the container's request: same session, fresh wrappers
      sessions = existing;
    } else {
      sessions = new RequestSessions(parts, request);
      request.setAttribute(SESSIONS_ATTRIBUTE, sessions);
    }
    CommittingResponse wrappedResponse =
        new CommittingResponse(response, () -> sessions.commit(request, response, false));
    StoreBackedRequest wrappedRequest = new StoreBackedRequest(request, wrappedResponse, sessions);
    runAndCommit(sessions, wrappedRequest, response, chain, wrappedRequest, wrappedResponse);
  }

  private static void runAndCommit(
      RequestSessions sessions,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain,
      ServletRequest chainRequest,
      ServletResponse chainResponse)
      throws IOException, ServletException {
    try {
      chain.doFilter(chainRequest, chainResponse);
    } catch (IOException | ServletException | RuntimeException e) {
      if (SessionCommitter.chainFailed(sessions, request, response, e)) {
        return;
      }
      throw e;
    }
    if (request.isAsyncStarted()) {
      request
          .getAsyncContext()
          .addListener(new CommitWhenAsyncEnds(sessions, request), request, response);
      return;
    }
    SessionCommitter.commit(sessions, request, response, SessionCommitter.OnFailure.ANSWER_503);
  }

  private static boolean wraps(ServletRequest request, RequestSessions sessions) {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper wrapper) {
      if (wrapper instanceof StoreBackedRequest ours && ours.sessions() == sessions) {
        return true;
      }
      r = wrapper.getRequest();
    }
    return false;
  }

  /**
   * Commits an async request's session when its cycle ends without {@code complete()} (a timeout or
   * error, or the container completing after a dispatch); a no-op write when nothing changed.
   */
  private static final class CommitWhenAsyncEnds implements AsyncListener {
    private final RequestSessions sessions;
    private final HttpServletRequest request;

    CommitWhenAsyncEnds(RequestSessions sessions, HttpServletRequest request) {
      this.sessions = sessions;
      this.request = request;
    }

    @Override
    public void onComplete(AsyncEvent event) throws IOException {
      // complete() has already committed: saving again would re-encode every attribute read
      if (sessions.committedByComplete()) {
        return;
      }
      if (event.getSuppliedResponse() instanceof HttpServletResponse response) {
        // the response has gone out: a failed save can only be logged
        SessionCommitter.commit(sessions, request, response, SessionCommitter.OnFailure.LOG_LOST);
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }
}
