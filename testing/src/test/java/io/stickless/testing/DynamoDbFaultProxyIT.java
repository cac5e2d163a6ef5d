package io.stickless.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

@ExtendWith(LocalDynamoDbExtension.class)
class DynamoDbFaultProxyIT {

  private static final Map<String, AttributeValue> KEY = Map.of("key", s("k1"));

  private DynamoDbFaultProxy proxy;
  private DynamoDbClient client;
  private String table;

  @BeforeEach
  void start(LocalDynamoDb server, TestTable testTable) {
    table = testTable.createWithTutorialSchema();
    proxy = DynamoDbFaultProxy.start(server).seed(42);
    // no retries, short attempts: each call is one attempt the test can see
    client =
        proxy
            .clientBuilder()
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofSeconds(2)))
            .build();
    client.putItem(b -> b.tableName(table).item(Map.of("key", s("k1"), "v", s("one"))));
    proxy.resetCounts();
  }

  @AfterEach
  void stop() {
    client.close();
    proxy.close();
  }

  @Test
  void passesCallsThroughAndCountsAttemptsByOperation() {
    assertThat(proxy.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(get().get("v").s()).isEqualTo("one");
    get();
    client.putItem(b -> b.tableName(table).item(Map.of("key", s("k2"))));

    assertThat(proxy.attempts("GetItem")).isEqualTo(2);
    assertThat(proxy.attempts())
        .containsExactly(Map.entry("GetItem", 2L), Map.entry("PutItem", 1L));
    assertThat(proxy.totalAttempts()).isEqualTo(3);
    assertThat(proxy.injectedFaults()).isZero();
  }

  @ParameterizedTest
  @EnumSource(ThrottleError.class)
  void throttlingAnswersAreThrottlingErrorsToTheSdk(ThrottleError error) {
    proxy.add(FaultRule.throttle(error));

    assertThatThrownBy(this::get)
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.isThrottlingException()).isTrue();
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo(error.errorCode());
            });
    assertThat(proxy.injectedFaults()).isEqualTo(1);
  }

  @Test
  void throttlesAFractionOfOneOperationOnly() {
    proxy.add(FaultRule.throttle().onlyFor("GetItem").fraction(0.3));
    int throttled = 0;
    for (int i = 0; i < 200; i++) {
      try {
        get();
      } catch (DynamoDbException e) {
        assertThat(e.isThrottlingException()).isTrue();
        throttled++;
      }
      if (i % 10 == 0) {
        client.putItem(b -> b.tableName(table).item(Map.of("key", s("other"))));
      }
    }
    // 30 % of 200: 60 expected; the bounds are about 4 standard deviations wide
    assertThat(throttled).isBetween(35, 85);
    assertThat(proxy.injectedFaults()).isEqualTo(throttled);
    assertThat(proxy.attempts("PutItem")).isEqualTo(20);
  }

  @Test
  void aBurstOfServerErrorsEndsAfterItsCount() {
    proxy.add(FaultRule.serverError(503).onlyFor("GetItem").times(3));
    client.putItem(b -> b.tableName(table).item(Map.of("key", s("k3"))));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(this::get)
          .isInstanceOfSatisfying(
              DynamoDbException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
    }
    assertThat(get()).containsKey("v");
    assertThat(proxy.injectedFaults()).isEqualTo(3);

    proxy.clear();
    proxy.add(FaultRule.serverError(500).times(1));
    assertThatThrownBy(this::get)
        .isInstanceOfSatisfying(
            DynamoDbException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    assertThat(get()).containsKey("v");
  }

  @Test
  void addsFixedAndJitteredLatency() {
    proxy.add(FaultRule.latency(Duration.ofMillis(150), Duration.ofMillis(50)));
    long start = System.nanoTime();
    get();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(millis).isGreaterThanOrEqualTo(150);
    assertThat(proxy.injectedFaults()).isZero();
  }

  @Test
  void aStallHoldsTheAttemptUntilTheClientGivesUpAndClearEndsIt() {
    proxy.add(FaultRule.stall());
    long start = System.nanoTime();
    assertThatThrownBy(this::get).isInstanceOf(SdkClientException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

    proxy.clear();
    assertThat(get()).containsKey("v");
    await().atMost(Duration.ofSeconds(5)).until(() -> proxy.stalledConnections() == 0);
  }

  @Test
  void aStallIsVisibleWhileItHolds() throws Exception {
    proxy.add(FaultRule.stall());
    try (DynamoDbClient patient =
        proxy
            .clientBuilder()
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofSeconds(20)))
            .build()) {
      Thread caller =
          new Thread(
              () -> {
                try {
                  patient.getItem(b -> b.tableName(table).key(KEY));
                } catch (RuntimeException expected) {
                  // reset by clear()
                }
              });
      caller.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> proxy.stalledConnections() == 1);
      proxy.clear();
      caller.join(5_000);
      assertThat(caller.isAlive()).isFalse();
    }
  }

  @Test
  void resetConnectionsFailTheAttemptWithAClientError() {
    proxy.add(FaultRule.resetConnection().onlyFor("GetItem"));
    assertThatThrownBy(this::get).isInstanceOf(SdkClientException.class);
    proxy.clear();
    assertThat(get()).containsKey("v");
  }

  @Test
  void refusedConnectionsAreRefusedUntilAcceptedAgainOnTheSamePort() {
    int port = proxy.port();
    proxy.refuseConnections();
    // the first call may find its kept-alive connection reset; a new one is refused
    assertThatThrownBy(this::get).isInstanceOf(SdkClientException.class);
    assertThatThrownBy(this::get)
        .isInstanceOf(SdkClientException.class)
        .hasRootCauseInstanceOf(ConnectException.class);
    assertThat(proxy.attempts("GetItem")).isZero();

    proxy.acceptConnections();
    assertThat(proxy.port()).isEqualTo(port);
    assertThat(get()).containsKey("v");
  }

  @Test
  void aRuleCanRewriteDynamoDbsAnswer() {
    // the hook a "stale read" rule uses: forward, then answer with something else
    FaultRule noItem =
        exchange -> {
          FaultAnswer real = exchange.proceed();
          return exchange.operation().equals("GetItem") ? real.withBody("{}") : real;
        };
    proxy.add(noItem);
    assertThat(client.getItem(b -> b.tableName(table).key(KEY)).hasItem()).isFalse();

    assertThat(proxy.remove(noItem)).isTrue();
    assertThat(get()).containsKey("v");
  }

  @Test
  void timesCountsOnlyTheAttemptsTheRuleAnswers() {
    proxy.add(FaultRule.serverError(500).onlyFor("PutItem").times(1));
    get();
    get();
    assertThatThrownBy(() -> client.putItem(b -> b.tableName(table).item(KEY)))
        .isInstanceOf(DynamoDbException.class);
    client.putItem(b -> b.tableName(table).item(Map.of("key", s("k1"), "v", s("two"))));
    assertThat(get().get("v").s()).isEqualTo("two");
  }

  private Map<String, AttributeValue> get() {
    return client.getItem(b -> b.tableName(table).key(KEY)).item();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
