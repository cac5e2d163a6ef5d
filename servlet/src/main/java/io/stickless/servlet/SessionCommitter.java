package io.stickless.servlet;

import io.stickless.BackendUnavailableException;
import io.stickless.session.SessionTooLargeException;
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
 * response can still say so, otherwise an ERROR that the request's changes are lost. A session the
 * store refused to save before any call (too large, or holding a value its codec cannot encode; not
 * an outage) becomes a plain-text {@code 500} while the response can still say so, with an ERROR
 * naming the largest attributes' sizes or the attribute and class that could not be encoded.
 */
final class SessionCommitter {

  // one logger category for everything the filter reports, as documented in docs/servlet.md
  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  static final String UNAVAILABLE_BODY =
      "503 Service Unavailable: the session store cannot be reached. Please retry shortly.\n";

  static final String TOO_LARGE_BODY =
      "500 Internal Server Error: the session grew too large to save, so this request's session"
          + " changes were not saved.\n";

  static final String NOT_STORABLE_BODY =
      "500 Internal Server Error: a session attribute's value could not be encoded for storage,"
          + " so this request's session changes were not saved.\n";

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
      recordFailure(sessions, e);
      if (onFailure == OnFailure.LOG_LOST || response.isCommitted()) {
        lost(health, e);
      } else {
        unavailable(health, response);
      }
    } catch (RuntimeException e) {
      if (sessions.refusedSave(e) != null) {
        notSaved(health, response, e, onFailure == OnFailure.ANSWER_503);
        return;
      }
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
    RuntimeException refused = sessions.refusedSave(failure);
    if (refused != null) {
      // the early commit before the response went out refused it: answer, do not save again
      notSaved(sessions.parts().health(), response, refused, true);
      return true;
    }
    BackendUnavailableException outage = cause(failure, BackendUnavailableException.class);
    if (outage == null) {
      commit(sessions, request, response, OnFailure.LOG_LOST);
      return false;
    }
    BackendHealth health = sessions.parts().health();
    recordFailure(sessions, outage);
    unavailable(health, response);
    return true;
  }

  /** Records a failed store call; a request refused by the fail-fast window made none. */
  private static void recordFailure(RequestSessions sessions, BackendUnavailableException e) {
    if (!(e instanceof BackendHealth.FailFastException)) {
      sessions.parts().health().failed(e, sessions.storeStartedMillis());
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

  /**
   * The store refused to save the session before any call (too large, or a value its codec cannot
   * encode): nothing was written, the store is fine. A {@code 500} with a short plain-text body
   * while the response can say so (and {@code answer} allows it).
   */
  private static void notSaved(
      BackendHealth health, HttpServletResponse response, RuntimeException e, boolean answer)
      throws IOException {
    if (!answer || response.isCommitted()) {
      health.lostCommit();
      log.error(
          "Session changes of a request lost, the response already decided: {}", e.getMessage());
      return;
    }
    // the message names attributes, their sizes or classes, never values or the id
    log.error("Session not saved, answering 500: {}", e.getMessage());
    response.reset();
    response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/plain;charset=UTF-8");
    String text = e instanceof SessionTooLargeException ? TOO_LARGE_BODY : NOT_STORABLE_BODY;
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
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

  private static <T extends Throwable> @Nullable T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
