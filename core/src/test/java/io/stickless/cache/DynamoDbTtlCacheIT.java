package io.stickless.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.DynamoDbUsage;
import io.stickless.DynamoDbUsage.Operation;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(LocalDynamoDbExtension.class)
class DynamoDbTtlCacheIT extends TtlCacheContract {

  final TestTable table;

  DynamoDbTtlCacheIT(TestTable table) {
    this.table = table;
    table.createWithTutorialSchema();
  }

  @Override
  TtlCacheBuilder<String, String> newBuilder() {
    return TtlCache.builder(table.client(), table.name());
  }

  @Override
  void writeRaw(Map<String, AttributeValue> item) {
    table.client().putItem(b -> b.tableName(table.name()).item(item));
  }

  @Override
  boolean backedByDynamoDb() {
    return true;
  }

  @Test
  void itemsFollowTheDocumentedLayout() {
    TtlCache<String, String> cache = stringCache();
    cache.put("k", "value", Duration.ofSeconds(90));
    cache.increment("counter", 7, Duration.ofSeconds(30));

    Map<String, AttributeValue> entry = rawItem("cache:" + name + ":k");
    Map<String, AttributeValue> counter = rawItem("cache:" + name + ":counter");

    long now = clock.instant().getEpochSecond();
    assertThat(entry).containsOnlyKeys("key", "v", "ttl");
    assertThat(entry.get("ttl").n()).isEqualTo(Long.toString(now + 90));
    assertThat(counter).containsOnlyKeys("key", "n", "ttl");
    assertThat(counter.get("n").n()).isEqualTo("7");
    assertThat(counter.get("ttl").n()).isEqualTo(Long.toString(now + 30));
  }

  @Test
  void eachOperationCostsTheDocumentedCalls() {
    TtlCache<String, String> cache = stringCache();
    cache.invalidate("warm-up"); // reads the cache's generation, then trusts it for a second
    DynamoDbUsage before = cache.stats().dynamoDbUsage();

    cache.put("k", "value");
    cache.getIfPresent("k");
    cache.putIfAbsent("k", "other", Duration.ofMinutes(1));
    cache.increment("n", 1, Duration.ofMinutes(1));
    cache.invalidate("k");

    DynamoDbUsage used = cache.stats().dynamoDbUsage().minus(before);
    assertThat(used.callsByOperation())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                Operation.PUT_ITEM, 2L,
                // getIfPresent, and the lost putIfAbsent's check whether the item is its own
                Operation.GET_ITEM, 2L,
                Operation.UPDATE_ITEM, 1L,
                Operation.DELETE_ITEM, 1L));
    // an eventually consistent read of a small item, and a strongly consistent one
    assertThat(used.readUnits()).isEqualTo(1.5);
    assertThat(used.writeUnits()).isPositive();
  }

  @Test
  void clearCostsOneUpdateWhateverTheCacheHolds() {
    TtlCache<String, String> cache = stringCache();
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      many.put("k" + i, "v" + i);
    }
    cache.putAll(many);
    DynamoDbUsage before = cache.stats().dynamoDbUsage();

    cache.clear();

    assertThat(cache.stats().dynamoDbUsage().minus(before).callsByOperation())
        .containsExactlyEntriesOf(Map.of(Operation.UPDATE_ITEM, 1L));
    assertThat(rawItem("cache:" + name + "@generation").get("n").n()).isEqualTo("1");
    cache.put("k0", "new");
    assertThat(rawItem("cache:" + name + "@1:k0").get("ttl")).isNotNull();
    // the old generation's entry stays until its TTL, unreachable
    assertThat(rawItem("cache:" + name + ":k0")).isNotNull();
  }

  @Test
  void consistentReadsCostAWholeReadUnit() {
    TtlCache<String, String> cache = builder().consistentReads(true).build();
    cache.put("k", "value");
    DynamoDbUsage before = cache.stats().dynamoDbUsage();

    assertThat(cache.getIfPresent("k")).isEqualTo("value");
    assertThat(cache.stats().dynamoDbUsage().minus(before).readUnits()).isEqualTo(1.0);
  }

  @Test
  void customKeyAndTtlAttributeNamesAreUsed(LocalDynamoDb server) {
    DynamoDbClient client = server.client();
    String custom = LocalDynamoDb.uniqueTableName("custom-attributes");
    TestTableSchema.create(client, custom, "pk");
    TtlCache<String, String> cache =
        TtlCache.builder(client, custom)
            .name(name)
            .clock(clock)
            .keyAttribute("pk")
            .ttlAttribute("expiresAt")
            .build();

    cache.put("k", "value", Duration.ofSeconds(10));
    assertThat(cache.putIfAbsent("k", "other", Duration.ofSeconds(10))).isFalse();
    assertThat(cache.increment("c", 2, Duration.ofSeconds(10))).isEqualTo(2);
    assertThat(cache.getIfPresent("k")).isEqualTo("value");
    assertThat(pkItem(client, custom, "cache:" + name + ":k"))
        .containsOnlyKeys("pk", "v", "expiresAt");

    clock.advance(Duration.ofSeconds(10));
    assertThat(cache.getIfPresent("k")).isNull();
    assertThat(cache.increment("c", 2, Duration.ofSeconds(10))).isEqualTo(2);
  }

  @Test
  void aTableSpecGivesTheCacheItsTableAndAttributeNames(LocalDynamoDb server) {
    DynamoDbClient client = server.client();
    String custom = LocalDynamoDb.uniqueTableName("spec-attributes");
    TestTableSchema.create(client, custom, "pk");
    TableSpec spec = TableSpec.builder(custom).keyAttribute("pk").ttlAttribute("expiresAt").build();
    TtlCache<String, String> cache = TtlCache.builder(client, spec).name(name).clock(clock).build();

    cache.put("k", "value", Duration.ofSeconds(10));

    assertThat(cache.getIfPresent("k")).isEqualTo("value");
    assertThat(pkItem(client, custom, "cache:" + name + ":k"))
        .containsOnlyKeys("pk", "v", "expiresAt");
    clock.advance(Duration.ofSeconds(10));
    assertThat(cache.getIfPresent("k")).isNull();
  }

  private static Map<String, AttributeValue> pkItem(
      DynamoDbClient client, String tableName, String storedKey) {
    return client
        .getItem(b -> b.tableName(tableName).key(Map.of("pk", AttributeValue.fromS(storedKey))))
        .item();
  }

  Map<String, AttributeValue> rawItem(String storedKey) {
    return table
        .client()
        .getItem(
            b ->
                b.tableName(table.name())
                    .key(Map.of("key", AttributeValue.fromS(storedKey)))
                    .consistentRead(true))
        .item();
  }
}
