package io.stickless.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.testing.DynamoDbFaultProxy;
import io.stickless.testing.FaultRule;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Boot node whose DynamoDB client is the starter's own, with the default bounds (2 s per call, 1
 * s per attempt), in front of a backend that accepts requests and never answers: every request that
 * needs its session is answered 503 within the call's bound, and the node serves again as soon as
 * the backend does.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class StalledBackendIT {

  /** The default call timeout plus what a loaded 2-core machine may add around it. */
  private static final Duration BOUND = Duration.ofSeconds(2).plusMillis(900);

  @Test
  void aStalledBackendIsAnswered503WithinTheCallTimeoutAndRecoveredFrom(LocalDynamoDb server)
      throws Exception {
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.start(server);
        Nodes nodes = new Nodes()) {
      int port =
          Nodes.port(
              nodes.start(
                  MinimalAppIT.MinimalApp.class,
                  server,
                  LocalDynamoDb.uniqueTableName("stalled"),
                  "stickless.table-mode=create",
                  "stickless.endpoint=" + proxy.endpoint(),
                  // the defaults, over the loose bounds Nodes gives other tests
                  "stickless.api-call-timeout=2s",
                  "stickless.api-call-attempt-timeout=1s"));
      Browser user = new Browser();
      assertThat(user.get(port, "/visits").body()).isEqualTo("1");
      assertThat(user.get(port, "/visits").body()).isEqualTo("2");

      proxy.resetCounts();
      proxy.add(FaultRule.stall());
      for (int i = 0; i < 2; i++) {
        long start = System.nanoTime();
        HttpResponse<String> stalled = user.get(port, "/visits");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(stalled.statusCode()).isEqualTo(503);
        assertThat(took).isLessThan(BOUND);
      }
      assertThat(proxy.attempts("GetItem"))
          .as("the first stalled attempt cut by the HTTP client and retried inside the call")
          .isGreaterThanOrEqualTo(2);

      proxy.clear();
      HttpResponse<String> recovered =
          org.awaitility.Awaitility.await()
              .atMost(Duration.ofSeconds(5))
              .pollInterval(Duration.ofMillis(200))
              .until(() -> user.get(port, "/visits"), r -> r.statusCode() == 200);
      assertThat(Integer.parseInt(recovered.body())).isGreaterThanOrEqualTo(3);
    }
  }
}
