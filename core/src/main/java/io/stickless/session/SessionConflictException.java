package io.stickless.session;

import io.stickless.SticklessException;

/**
 * In {@link SessionWriteMode#OPTIMISTIC} mode, another request changed the session's attributes
 * after this request read it, so this request's changes were not written. The caller may reload the
 * session and apply its changes again. Never thrown in the default {@link
 * SessionWriteMode#LAST_WRITER_WINS} mode.
 */
public class SessionConflictException extends SticklessException {

  private static final long serialVersionUID = 1L;

  /** An exception saying which write lost and what to do. */
  public SessionConflictException(String message) {
    super(message);
  }

  /** An exception with the underlying cause. */
  public SessionConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
