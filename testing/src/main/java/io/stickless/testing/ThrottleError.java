package io.stickless.testing;

/**
 * The throttling answers DynamoDB gives, as {@link FaultRule#throttle(ThrottleError)} sends them:
 * HTTP 400 with a JSON body whose {@code __type} names the error. The AWS SDK treats each as a
 * throttling error ({@code isThrottlingException()}), so its retry strategy retries it.
 */
public enum ThrottleError {
  /** A table or index is over its provisioned (or on-demand) throughput. */
  PROVISIONED_THROUGHPUT_EXCEEDED(
      "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
      "The level of configured provisioned throughput for the table was exceeded. Consider"
          + " increasing your provisioning level with the UpdateTable API."),
  /** The control plane or a partition is being called too fast. */
  THROTTLING("com.amazon.coral.availability#ThrottlingException", "Rate of requests exceeds"),
  /** The account's throughput limit is reached. */
  REQUEST_LIMIT_EXCEEDED(
      "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded",
      "Throughput exceeds the current throughput limit for your account. Please contact AWS"
          + " Support at https://aws.amazon.com/support request a limit increase");

  private final String type;
  private final String message;

  ThrottleError(String type, String message) {
    this.type = type;
    this.message = message;
  }

  /**
   * The {@code __type} of the JSON body, e.g. {@code ...#ProvisionedThroughputExceededException}.
   */
  public String type() {
    return type;
  }

  /** The error code the SDK reports: the part of {@link #type()} after {@code #}. */
  public String errorCode() {
    return type.substring(type.indexOf('#') + 1);
  }

  /** The answer: status 400 and DynamoDB's JSON error body. */
  public FaultAnswer answer() {
    return FaultAnswer.error(400, type, message);
  }
}
