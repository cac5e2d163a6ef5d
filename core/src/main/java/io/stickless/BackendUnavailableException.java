package io.stickless;

/**
 * DynamoDB could not be reached or did not answer in time (connection refused, timeouts, server
 * errors and throttling that outlasted the SDK's retry strategy). The servlet filter turns it into
 * a {@code 503 Service Unavailable}. The message names the operation and the table; the cause is
 * the SDK's exception.
 */
public class BackendUnavailableException extends SticklessException {

  private static final long serialVersionUID = 1L;

  /** An exception for a failed call, with the SDK's exception as cause. */
  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
