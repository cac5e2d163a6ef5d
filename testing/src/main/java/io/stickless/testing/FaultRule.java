package io.stickless.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One behaviour of {@link DynamoDbFaultProxy}: given an attempt, answer it (a throttling error, a
 * 5xx, a reset, a stall...) or pass it on with {@link FaultExchange#proceed()}. Rules run in the
 * order they were added; the last one passes the attempt to DynamoDB.
 *
 * <pre>{@code
 * proxy.add(FaultRule.throttle().fraction(0.3));                     // 30 % of all attempts
 * proxy.add(FaultRule.throttle(ThrottleError.REQUEST_LIMIT_EXCEEDED)
 *     .onlyFor("GetItem").fraction(0.1));                              // 10 % of GetItem attempts
 * proxy.add(FaultRule.serverError(503).times(5));                     // a burst of five 503s
 * proxy.add(FaultRule.latency(Duration.ofMillis(20), Duration.ofMillis(30)));
 * proxy.add(exchange -> ...);                                         // your own, e.g. stale reads
 * }</pre>
 *
 * <p>A rule may be called by many threads at once and must be thread-safe.
 */
@FunctionalInterface
public interface FaultRule {

  /**
   * Answers the attempt, or returns {@code exchange.proceed()} to pass it on (possibly after a
   * delay, or with the answer changed).
   */
  FaultAnswer handle(FaultExchange exchange) throws IOException, InterruptedException;

  /** Passes every attempt on after {@code fixed} plus a uniformly random {@code 0..jitter}. */
  static FaultRule latency(Duration fixed, Duration jitter) {
    long fixedNanos = requireNotNegative(fixed, "fixed").toNanos();
    long jitterNanos = requireNotNegative(jitter, "jitter").toNanos();
    return exchange -> {
      long nanos = fixedNanos;
      if (jitterNanos > 0) {
        nanos += (long) (exchange.random().nextDouble() * jitterNanos);
      }
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      return exchange.proceed();
    };
  }

  /** Answers with {@code ProvisionedThroughputExceededException} (HTTP 400). */
  static FaultRule throttle() {
    return throttle(ThrottleError.PROVISIONED_THROUGHPUT_EXCEEDED);
  }

  /** Answers with the given throttling error (HTTP 400). */
  static FaultRule throttle(ThrottleError error) {
    Objects.requireNonNull(error, "error");
    return answer(error.answer());
  }

  /**
   * Answers with a server error: 500 {@code InternalServerError}, 503 {@code ServiceUnavailable},
   * or any other 5xx as {@code InternalFailure}.
   */
  static FaultRule serverError(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("A server error is 500..599, was " + status);
    }
    String type =
        switch (status) {
          case 500 -> "com.amazonaws.dynamodb.v20120810#InternalServerError";
          case 503 -> "com.amazonaws.dynamodb.v20120810#ServiceUnavailable";
          default -> "com.amazonaws.dynamodb.v20120810#InternalFailure";
        };
    return answer(FaultAnswer.error(status, type, "Injected by DynamoDbFaultProxy"));
  }

  /** Resets the connection (RST) instead of answering. */
  static FaultRule resetConnection() {
    return answer(FaultAnswer.resetConnection());
  }

  /** Closes the connection without answering. */
  static FaultRule closeConnection() {
    return answer(FaultAnswer.closeConnection());
  }

  /**
   * Accepts the attempt and never answers, until the client gives up or {@link
   * DynamoDbFaultProxy#clear()} or {@link DynamoDbFaultProxy#close()} closes the connection.
   */
  static FaultRule stall() {
    return answer(FaultAnswer.stall());
  }

  /** Always gives this answer. */
  static FaultRule answer(FaultAnswer answer) {
    Objects.requireNonNull(answer, "answer");
    return exchange -> answer;
  }

  /** This rule for the named operations only (e.g. {@code "GetItem"}); others pass on. */
  default FaultRule onlyFor(String... operations) {
    Set<String> ops = Set.of(operations);
    if (ops.isEmpty()) {
      throw new IllegalArgumentException("Name at least one operation, e.g. \"GetItem\"");
    }
    return exchange -> ops.contains(exchange.operation()) ? handle(exchange) : exchange.proceed();
  }

  /**
   * This rule for a random share of the attempts ({@code 0.3}: about 30 %), chosen with the proxy's
   * random source; the others pass on.
   */
  default FaultRule fraction(double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("fraction must be 0..1, was " + share);
    }
    return exchange ->
        exchange.random().nextDouble() < share ? handle(exchange) : exchange.proceed();
  }

  /**
   * This rule until it has answered {@code count} attempts itself (a burst: {@code
   * serverError(503).times(5)}); after that every attempt passes on. Attempts it passes on do not
   * count.
   */
  default FaultRule times(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("times must be >= 0, was " + count);
    }
    AtomicLong left = new AtomicLong(count);
    return exchange -> {
      if (left.getAndDecrement() <= 0) {
        left.incrementAndGet();
        return exchange.proceed();
      }
      AtomicBoolean proceeded = new AtomicBoolean();
      FaultAnswer answer = handle(exchange.onProceed(() -> proceeded.set(true)));
      if (proceeded.get()) {
        left.incrementAndGet();
      }
      return answer;
    };
  }

  private static Duration requireNotNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
    return d;
  }
}
