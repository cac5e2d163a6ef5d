package io.stickless;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The AWS SDK retry strategy Stickless uses on the request path (the clients it builds itself), and
 * recommends for the client you give it: the SDK's <em>standard</em> strategy, with more attempts
 * and much shorter backoff than the SDK's DynamoDB default, so that throttling is retried away
 * inside a request's call timeout instead of turning into a timeout.
 *
 * <pre>{@code
 * DynamoDbClient dynamoDb = DynamoDbRequestPath.clientBuilder(   // bounds every call in time
 *         Duration.ofSeconds(2), Duration.ofSeconds(1), DynamoDbRetry.requestPath(5))
 *     .region(Region.EU_WEST_1)
 *     .build();
 * }</pre>
 *
 * <p>({@link DynamoDbRequestPath#clientBuilder()} uses {@link #requestPath()} already.)
 *
 * <p>Why: the SDK's default for DynamoDB (legacy mode) backs off from 500 ms after a throttling
 * error, so two throttled attempts in a row outlast a 2 s call timeout; the timeout then looks like
 * an outage. DynamoDB throttles per partition and briefly: a quick retry usually succeeds. With
 * {@value #DEFAULT_MAX_ATTEMPTS} attempts, a call fails only when every attempt is throttled (30 %
 * of attempts throttled: 0.3<sup>8</sup> ≈ 0.007 % of calls). All backoff together is at most
 * {@link #maxTotalBackoff(int)} (1.1 s for 8 attempts: full jitter, 25 ms doubling, capped at 250
 * ms per retry), inside a 2 s call timeout. The standard strategy's retry quota (a token bucket per
 * client) still stops retrying when most attempts fail, so a real outage is not multiplied by
 * retries. Why not <em>adaptive</em>: its client-side rate limiter slows every caller of the client
 * once it sees throttling, which on a request path means waiting threads rather than quick retries.
 */
public final class DynamoDbRetry {

  /** Attempts per call, the first included: {@value}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  /** The first retry's backoff bound; doubled per retry. */
  static final Duration BASE_DELAY = Duration.ofMillis(25);

  /** The bound on one retry's backoff. */
  static final Duration MAX_DELAY = Duration.ofMillis(250);

  private DynamoDbRetry() {}

  /** The request-path strategy with {@value #DEFAULT_MAX_ATTEMPTS} attempts. */
  public static RetryStrategy requestPath() {
    return requestPath(DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * The request-path strategy with this many attempts per call (the first included; 1 turns retries
   * off).
   *
   * @throws IllegalArgumentException when {@code maxAttempts} is below 1 or above 20
   */
  public static RetryStrategy requestPath(int maxAttempts) {
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException(
          "maxAttempts must be 1..20 (attempts per call, the first included), was " + maxAttempts);
    }
    BackoffStrategy backoff = BackoffStrategy.exponentialDelay(BASE_DELAY, MAX_DELAY);
    StandardRetryStrategy.Builder builder =
        AwsRetryStrategy.configure(DefaultRetryStrategy.standardStrategyBuilder());
    return builder
        .maxAttempts(maxAttempts)
        .backoffStrategy(backoff)
        .throttlingBackoffStrategy(backoff)
        .build();
  }

  /** The longest all backoff of one call can take with this many attempts. */
  public static Duration maxTotalBackoff(int maxAttempts) {
    Duration total = Duration.ZERO;
    for (int retry = 1; retry < maxAttempts; retry++) {
      Duration bound = BASE_DELAY.multipliedBy(1L << Math.min(retry - 1, 20));
      total = total.plus(bound.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : bound);
    }
    return total;
  }
}
