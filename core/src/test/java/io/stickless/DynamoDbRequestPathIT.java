package io.stickless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.testing.DynamoDbFaultProxy;
import io.stickless.testing.FaultRule;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * The request path's client ({@link DynamoDbRequestPath}) behind a fault proxy: every call ends
 * within its call timeout, whatever the backend does, and each attempt is cut by the HTTP client
 * alone (no SDK attempt timer) — a stalled response, a pooled connection that never comes free.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class DynamoDbRequestPathIT {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(400);

  /** What a loaded 2-core machine may add around a timeout. */
  private static final Duration SLACK = Duration.ofMillis(750);

  private final GetItemRequest get;
  private DynamoDbFaultProxy proxy;

  DynamoDbRequestPathIT(TestTable table) {
    String name = table.createWithTutorialSchema();
    get =
        GetItemRequest.builder()
            .tableName(name)
            .key(Map.of("key", AttributeValue.fromS("session:x")))
            .consistentRead(true)
            .build();
  }

  @BeforeEach
  void start(LocalDynamoDb server) {
    proxy = DynamoDbFaultProxy.start(server);
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void aStalledBackendEndsTheCallWithinTheCallTimeoutAfterSeveralCutAttempts() {
    try (DynamoDbClient client =
        proxy
            .pointAtProxy(
                DynamoDbRequestPath.clientBuilder(
                    CALL_TIMEOUT, ATTEMPT_TIMEOUT, DynamoDbRetry.requestPath()))
            .build()) {
      Failure failure = callWhileStalled(client);

      assertThat(failure.took()).isLessThan(CALL_TIMEOUT.plus(SLACK));
      assertThat(proxy.attempts("GetItem"))
          .as("each stalled attempt cut by the socket timeout and retried inside the call")
          .isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void theCallTimeoutEndsAStallThatTheAttemptBoundDoesNot() {
    // an attempt bound longer than the call's: only the call's timer can end the stall
    try (DynamoDbClient client =
        proxy
            .pointAtProxy(
                DynamoDbRequestPath.clientBuilder(
                    Duration.ofMillis(800), Duration.ofSeconds(30), DynamoDbRetry.requestPath()))
            .build()) {
      Failure failure = callWhileStalled(client);

      assertThat(failure.error()).isInstanceOf(ApiCallTimeoutException.class);
      assertThat(failure.took()).isLessThan(Duration.ofMillis(800).plus(SLACK));
      assertThat(proxy.attempts("GetItem")).isEqualTo(1);
    }
  }

  @Test
  void theHttpClientAloneCutsAStalledAttempt() {
    // no apiCallTimeout, one attempt: only the HTTP client's socket timeout can end it
    try (DynamoDbClient client =
        proxy
            .pointAtProxy(DynamoDbClient.builder())
            .httpClientBuilder(DynamoDbRequestPath.httpClientBuilder(ATTEMPT_TIMEOUT))
            .overrideConfiguration(o -> o.retryStrategy(DynamoDbRetry.requestPath(1)))
            .build()) {
      Failure failure = callWhileStalled(client);

      assertThat(failure.error())
          .isInstanceOf(SdkClientException.class)
          .hasRootCauseInstanceOf(SocketTimeoutException.class);
      assertThat(failure.took()).isLessThan(ATTEMPT_TIMEOUT.plus(SLACK));
    }
  }

  @Test
  void theHttpClientAloneCutsTheWaitForAPooledConnection() throws Exception {
    // one pooled connection, held by a stalled call; a second call waits for it in the pool
    try (DynamoDbClient client =
        proxy
            .pointAtProxy(DynamoDbClient.builder())
            .httpClientBuilder(
                DynamoDbRequestPath.httpClientBuilder(ATTEMPT_TIMEOUT)
                    .maxConnections(1)
                    .socketTimeout(Duration.ofSeconds(30)))
            .overrideConfiguration(o -> o.retryStrategy(DynamoDbRetry.requestPath(1)))
            .build()) {
      CompletableFuture<?> holder = holdTheOnlyConnection(client);

      Failure failure = call(client);

      assertThat(failure.error())
          .isInstanceOf(SdkClientException.class)
          .rootCause()
          .extracting(e -> e.getClass().getSimpleName())
          .isEqualTo("ConnectionRequestTimeoutException");
      assertThat(failure.took()).isLessThan(ATTEMPT_TIMEOUT.plus(SLACK));
      assertThat(proxy.attempts("GetItem")).as("the waiting call never got on the wire").isOne();
      proxy.clear(); // resets the stalled connection: the holder fails and the pool is free
      assertThatThrownBy(() -> holder.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void aCallWaitingForAPooledConnectionEndsWithinTheCallTimeout() throws Exception {
    try (DynamoDbClient client =
        proxy
            .pointAtProxy(
                DynamoDbRequestPath.clientBuilder(
                    CALL_TIMEOUT, ATTEMPT_TIMEOUT, DynamoDbRetry.requestPath()))
            .httpClientBuilder(
                DynamoDbRequestPath.httpClientBuilder(ATTEMPT_TIMEOUT)
                    .maxConnections(1)
                    .socketTimeout(Duration.ofSeconds(30)))
            .build()) {
      CompletableFuture<?> holder = holdTheOnlyConnection(client);

      assertThat(call(client).took()).isLessThan(CALL_TIMEOUT.plus(SLACK));
      assertThatThrownBy(
              () -> holder.get(CALL_TIMEOUT.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS))
          .as("the holder's own call ended by its call timeout too")
          .hasCauseInstanceOf(ApiCallTimeoutException.class);
    }
  }

  @Test
  void aSlowButAnsweringBackendIsNotCut() {
    try (DynamoDbClient client =
        proxy
            .pointAtProxy(
                DynamoDbRequestPath.clientBuilder(
                    CALL_TIMEOUT, Duration.ofSeconds(1), DynamoDbRetry.requestPath()))
            .build()) {
      proxy.add(FaultRule.latency(Duration.ofMillis(300), Duration.ZERO));

      assertThat(client.getItem(get).hasItem()).isFalse();
      assertThat(proxy.attempts("GetItem")).isOne();
    }
  }

  /** How a call that had to fail failed. */
  record Failure(Duration took, Throwable error) {}

  /** Warms the client on a healthy backend, stalls it, and makes one call, which must fail. */
  private Failure callWhileStalled(DynamoDbClient client) {
    warm(client);
    proxy.add(FaultRule.stall());
    return call(client);
  }

  /** One call, which must fail, timed. */
  private Failure call(DynamoDbClient client) {
    long start = System.nanoTime();
    try {
      client.getItem(get);
    } catch (RuntimeException e) {
      return new Failure(Duration.ofNanos(System.nanoTime() - start), e);
    }
    throw new AssertionError("the call succeeded; it should have failed");
  }

  /** A call stalled on the client's only pooled connection, running in the background. */
  private CompletableFuture<?> holdTheOnlyConnection(DynamoDbClient client) {
    warm(client);
    proxy.add(FaultRule.stall());
    CompletableFuture<?> holder = CompletableFuture.runAsync(() -> client.getItem(get));
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> proxy.stalledConnections() == 1);
    return holder;
  }

  /** One call on a healthy backend: a fresh client's first call loads classes and connects. */
  private void warm(DynamoDbClient client) {
    client.getItem(get);
    proxy.resetCounts();
  }
}
