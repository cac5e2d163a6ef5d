package io.stickless.session;

import io.stickless.SticklessException;

/**
 * Saving the session would make its item larger than DynamoDB's 400 KB limit. Thrown before any
 * call, so nothing was written; the message names the three largest attributes and their encoded
 * sizes. Keep large data elsewhere (the cache, S3) and store a reference in the session.
 */
public class SessionTooLargeException extends SticklessException {

  private static final long serialVersionUID = 1L;

  /** An exception naming the largest attributes. */
  public SessionTooLargeException(String message) {
    super(message);
  }
}
