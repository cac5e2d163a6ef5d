package io.stickless.servlet;

import io.stickless.BackendUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filter's outage handling, in one place: commits a request's session when the request ends
 * (its chain returned, its async cycle completed, or the application failed), reports the outcome
 * to {@link BackendHealth}, and decides what a store outage becomes: a {@code 503} while the
 * response can still say so, otherwise an ERROR that the request's changes are lost.
 */
final class SessionCommitter {

  // one logger category for everything the filter reports, as documented in docs/servlet.md
  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  static final String UNAVAILABLE_BODY =
      "503 Service Unavailable: the session store cannot be reached. Please retry shortly.\n";

  /** What a failed commit can still become. */
  enum OnFailure {
    /**
     * The request ended normally: an outage becomes its 503 unless the response has gone out; any
     * other failure is thrown to the container.
     */
    ANSWER_503,
    /**
     * The application's own exception is the one to report, or the response has gone out: any
     * failure is only logged as lost changes.
     */
    LOG_LOST
  }

  private SessionCommitter() {}

  /**
   * Commits the request's session, the last time for this request, with the response the container
   * handed to the filter (not the filter's committing wrapper of it), so that writing a 503 does
   * not run the commit again.
   *
   * @throws RuntimeException a failure other than an outage, with {@link OnFailure#ANSWER_503}
   * @throws IOException when the 503 cannot be written
   */
  static void commit(
      RequestSessions sessions,
      HttpServletRequest request,
      HttpServletResponse response,
      OnFailure onFailure)
      throws IOException {
    BackendHealth health = sessions.parts().health();
    try {
      sessions.commit(request, response, true);
      if (sessions.usedStore()) {
        health.succeeded();
      }
    } catch (BackendUnavailableException e) {
      recordFailure(health, e);
      if (onFailure == OnFailure.LOG_LOST || response.isCommitted()) {
        lost(health, e);
      } else {
        unavailable(health, response);
      }
    } catch (RuntimeException e) {
      if (onFailure == OnFailure.ANSWER_503) {
        throw e;
      }
      lost(health, e);
    }
  }

  /**
   * What to do when the application's chain threw: an outage underneath (the session could not be
   * read or written mid-request) answers 503 and returns {@code true}; anything else commits what
   * the request changed, without masking the application's exception, and returns {@code false} so
   * the caller rethrows it.
   */
  static boolean chainFailed(
      RequestSessions sessions,
      HttpServletRequest request,
      HttpServletResponse response,
      Throwable failure)
      throws IOException {
    BackendUnavailableException outage = outage(failure);
    if (outage == null) {
      commit(sessions, request, response, OnFailure.LOG_LOST);
      return false;
    }
    BackendHealth health = sessions.parts().health();
    recordFailure(health, outage);
    unavailable(health, response);
    return true;
  }

  /** Records a failed store call; a request refused by the fail-fast window made none. */
  private static void recordFailure(BackendHealth health, BackendUnavailableException e) {
    if (!(e instanceof BackendHealth.FailFastException)) {
      health.failed(e);
    }
  }

  /**
   * The session write failed where no 503 can tell the client (the response went out, or the
   * application's own exception is the one reported): this request's changes are lost.
   */
  private static void lost(BackendHealth health, RuntimeException e) {
    health.lostCommit();
    log.error(
        "Session changes of a request lost: saving them failed ({}) and the response could no"
            + " longer report it",
        e.getClass().getName());
  }

  private static void unavailable(BackendHealth health, HttpServletResponse response)
      throws IOException {
    if (response.isCommitted()) {
      log.debug("Session store unreachable after the response was committed");
      return;
    }
    health.answeredUnavailable();
    response.reset();
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader("Retry-After", "1");
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/plain;charset=UTF-8");
    byte[] body = UNAVAILABLE_BODY.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static @Nullable BackendUnavailableException outage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BackendUnavailableException b) {
        return b;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
