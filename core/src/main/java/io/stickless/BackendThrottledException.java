package io.stickless;

/**
 * DynamoDB throttled a call beyond what the SDK's retry strategy absorbed ({@code
 * ProvisionedThroughputExceededException}, {@code ThrottlingException}, {@code
 * RequestLimitExceeded}, or batch items left unprocessed). DynamoDB is reachable and answering: the
 * table or account is over its throughput for the moment. A kind of {@link
 * BackendUnavailableException}, so code that answers "try again later" handles both; code that
 * guards against outages (the servlet filter's fail-fast) must not count it as one.
 */
public class BackendThrottledException extends BackendUnavailableException {

  private static final long serialVersionUID = 1L;

  /** An exception for a throttled call, with the SDK's exception (if any) as cause. */
  public BackendThrottledException(String message, Throwable cause) {
    super(message, cause);
  }
}
