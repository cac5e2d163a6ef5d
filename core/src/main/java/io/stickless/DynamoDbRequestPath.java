package io.stickless;

import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB client Stickless builds for the request path (the servlet filter configured by
 * settings, the Spring Boot starter), and recommends for the client you give it: every call bounded
 * in time, so that a request never hangs on a dead or stalled backend, at the least CPU per call
 * that was found to hold that bound.
 *
 * <pre>{@code
 * DynamoDbClient dynamoDb = DynamoDbRequestPath.clientBuilder()   // 2 s per call, 1 s per attempt
 *     .region(Region.EU_WEST_1)
 *     .build();
 * }</pre>
 *
 * <p>How the two bounds are held:
 *
 * <ul>
 *   <li><b>The call</b> (every attempt, retry and backoff together) by the SDK's {@code
 *       apiCallTimeout}: a timer task that, when it fires, interrupts the calling thread and aborts
 *       its HTTP request, whatever the call is waiting for (a stalled response, a connection pool
 *       lease, DNS, TLS). This is the hard bound: the call fails with an {@code
 *       ApiCallTimeoutException} within {@code callTimeout}.
 *   <li><b>Each attempt</b> by the HTTP client itself: connecting, leasing a pooled connection and
 *       each read from the socket each give up after {@code attemptTimeout}, so an attempt stuck on
 *       one connection fails early enough to be retried on another inside the call's bound. The
 *       blocking socket enforces these; no timer is involved.
 * </ul>
 *
 * <p>Why not the SDK's {@code apiCallAttemptTimeout}: it holds the attempt's bound with a second
 * timer task per call, and the SDK's timer threads cost CPU for every task, cancelled or not (a
 * cancelled task stays queued until its deadline, when a timer thread wakes to drop it). Measured
 * on the request path ({@code docs/PERFORMANCE.md}, "The per-call time bound"), the two timers were
 * the largest part of a call's CPU that a configuration can remove; the HTTP client's timeouts
 * bound an attempt for free. What the HTTP client's bound does not cut is a response that keeps
 * trickling in at least one byte per {@code attemptTimeout}: that one the call's bound ends.
 *
 * <p>The retry strategy must fit inside the call's bound: {@link DynamoDbRetry#requestPath()}
 * spends at most {@link DynamoDbRetry#maxTotalBackoff(int)} (1.1 s for its 8 attempts) waiting
 * between attempts, inside the default 2 s.
 */
public final class DynamoDbRequestPath {

  /** Bound on one call, every attempt and backoff included: {@code 2 s}. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(2);

  /**
   * Bound on each part of one attempt (connecting, leasing a pooled connection, each socket read):
   * {@code 1 s}.
   */
  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

  private DynamoDbRequestPath() {}

  /**
   * A client builder with the default bounds (2 s per call, 1 s per attempt) and {@link
   * DynamoDbRetry#requestPath()}; add the region (or endpoint) and credentials as for any client.
   */
  public static DynamoDbClientBuilder clientBuilder() {
    return clientBuilder(
        DEFAULT_CALL_TIMEOUT, DEFAULT_ATTEMPT_TIMEOUT, DynamoDbRetry.requestPath());
  }

  /**
   * A client builder whose calls are bounded by {@code callTimeout} and whose attempts are bounded
   * by {@code attemptTimeout} (see the class description), retried by {@code retryStrategy}. It
   * sets the builder's HTTP client and override configuration; setting either again replaces what
   * this method set (the SDK does not merge them), so add to the override configuration with {@code
   * builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()...build())}.
   *
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when a timeout is zero or negative
   */
  public static DynamoDbClientBuilder clientBuilder(
      Duration callTimeout, Duration attemptTimeout, RetryStrategy retryStrategy) {
    requirePositive(callTimeout, "callTimeout");
    Objects.requireNonNull(retryStrategy, "retryStrategy");
    return DynamoDbClient.builder()
        .httpClientBuilder(httpClientBuilder(attemptTimeout))
        .overrideConfiguration(o -> o.retryStrategy(retryStrategy).apiCallTimeout(callTimeout));
  }

  /**
   * The Apache 5 HTTP client builder that bounds each attempt: connect, connection pool lease and
   * socket read timeouts of {@code attemptTimeout}. For a client built without {@link
   * #clientBuilder}: pair it with the SDK's {@code apiCallTimeout} for the call's bound.
   *
   * @throws NullPointerException when {@code attemptTimeout} is null
   * @throws IllegalArgumentException when it is zero or negative
   */
  public static Apache5HttpClient.Builder httpClientBuilder(Duration attemptTimeout) {
    requirePositive(attemptTimeout, "attemptTimeout");
    return Apache5HttpClient.builder()
        .connectionTimeout(attemptTimeout)
        .connectionAcquisitionTimeout(attemptTimeout)
        .socketTimeout(attemptTimeout);
  }

  private static void requirePositive(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException(
          name + " must be positive (e.g. 2s per call, 1s per attempt), was " + timeout);
    }
  }
}
