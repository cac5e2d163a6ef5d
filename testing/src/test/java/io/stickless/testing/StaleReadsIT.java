package io.stickless.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

@ExtendWith(LocalDynamoDbExtension.class)
class StaleReadsIT {

  private static final Map<String, AttributeValue> KEY = Map.of("key", s("k1"));

  private final MutableClock clock = MutableClock.startingNow();
  private final StaleReads stale = StaleReads.upTo(Duration.ofMillis(500), clock);
  private DynamoDbFaultProxy proxy;
  private DynamoDbClient client;
  private String table;

  @BeforeEach
  void start(LocalDynamoDb server, TestTable testTable) {
    table = testTable.createWithTutorialSchema();
    // the table is shared by this class's tests: start without the item, behind the proxy's back
    server.client().deleteItem(b -> b.tableName(table).key(KEY));
    proxy = DynamoDbFaultProxy.start(server).add(stale);
    client = proxy.clientBuilder().build();
  }

  @AfterEach
  void stop() {
    client.close();
    proxy.close();
  }

  @Test
  void anEventuallyConsistentReadSeesTheItemAsItWasBeforeARecentWrite() {
    client.putItem(b -> b.tableName(table).item(Map.of("key", s("k1"), "v", s("one"))));
    clock.advance(Duration.ofSeconds(1));
    client.updateItem(
        b ->
            b.tableName(table)
                .key(KEY)
                .updateExpression("SET v = :v")
                .expressionAttributeValues(Map.of(":v", s("two"))));

    GetItemResponse eventual = get(false);
    assertThat(eventual.item().get("v").s()).isEqualTo("one");
    assertThat(eventual.consumedCapacity().capacityUnits()).isEqualTo(0.5);
    assertThat(get(true).item().get("v").s()).isEqualTo("two");
    assertThat(stale.staleAnswers()).isEqualTo(1);

    clock.advance(Duration.ofMillis(501));
    assertThat(get(false).item().get("v").s()).isEqualTo("two");
    assertThat(stale.staleAnswers()).isEqualTo(1);
  }

  @Test
  void aNewItemIsMissingAndADeletedOneStillThereWithinTheLag() {
    client.putItem(b -> b.tableName(table).item(Map.of("key", s("k1"), "v", s("one"))));
    assertThat(get(false).hasItem()).isFalse();
    assertThat(get(true).item().get("v").s()).isEqualTo("one");

    clock.advance(Duration.ofSeconds(1));
    client.deleteItem(b -> b.tableName(table).key(KEY));
    assertThat(get(false).item().get("v").s()).isEqualTo("one");
    assertThat(get(true).hasItem()).isFalse();
  }

  @Test
  void theOldestStateInTheWindowIsAnswered() {
    client.putItem(b -> b.tableName(table).item(Map.of("key", s("k1"), "v", s("one"))));
    clock.advance(Duration.ofSeconds(1));
    client.putItem(b -> b.tableName(table).item(Map.of("key", s("k1"), "v", s("two"))));
    clock.advance(Duration.ofMillis(200));
    client.putItem(b -> b.tableName(table).item(Map.of("key", s("k1"), "v", s("three"))));

    assertThat(get(false).item().get("v").s()).isEqualTo("one");
    clock.advance(Duration.ofMillis(400)); // the write of "two" left the window
    assertThat(get(false).item().get("v").s()).isEqualTo("two");
  }

  private GetItemResponse get(boolean consistent) {
    return client.getItem(
        b ->
            b.tableName(table)
                .key(KEY)
                .consistentRead(consistent)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }
}
