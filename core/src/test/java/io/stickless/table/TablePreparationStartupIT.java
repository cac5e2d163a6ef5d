package io.stickless.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.testing.DynamoDbFaultProxy;
import io.stickless.testing.FaultRule;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Start-up's calls are not bound by the request path's short timeouts. */
@ExtendWith(LocalDynamoDbExtension.class)
class TablePreparationStartupIT {

  @Test
  void aDescribeTableSlowerThanTheClientsCallTimeoutStillValidates(
      LocalDynamoDb server, TestTable table) {
    table.createWithTutorialSchema();
    try (DynamoDbFaultProxy proxy = DynamoDbFaultProxy.start(server);
        DynamoDbClient client =
            proxy
                .clientBuilder()
                .overrideConfiguration(
                    o ->
                        o.apiCallTimeout(Duration.ofMillis(500))
                            .apiCallAttemptTimeout(Duration.ofMillis(500)))
                .build()) {
      // as when several nodes start at once: start-up's calls take longer than a request's bound
      proxy.add(
          FaultRule.latency(Duration.ofMillis(800), Duration.ZERO)
              .onlyFor("DescribeTable", "DescribeTimeToLive"));

      DynamoDbTables.prepare(client, TableSpec.of(table.name()), TableMode.VALIDATE);

      assertThat(proxy.attempts("DescribeTable")).isEqualTo(1);
    }
  }
}
