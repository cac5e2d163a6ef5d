package io.stickless.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickless.cache.TtlCache;
import io.stickless.internal.ItemSizes;
import io.stickless.session.SessionStore;
import io.stickless.session.StoredSession;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.MutableClock;
import io.stickless.testing.TestTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item-size meters against dynalite: each recorded size is the size of the item DynamoDB then
 * holds, computed from the item read back.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class ItemSizeMetricsIT {

  private final DynamoDbClient client;
  private final String table;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ItemSizeMetrics sizes = new ItemSizeMetrics(Tags.of("app", "demo"));

  ItemSizeMetricsIT(TestTable testTable) {
    this.client = testTable.client();
    this.table = testTable.createWithTutorialSchema();
    sizes.bindTo(registry);
  }

  @Test
  void sessionWritesRecordTheSizeOfTheStoredItemAndTouchesRecordNothing() {
    MutableClock clock = MutableClock.startingNow();
    SessionStore store =
        SessionStore.builder(client, table)
            .clock(clock)
            .addItemSizeListener(sizes.sessions())
            .build();

    StoredSession session = store.createSession();
    session.setAttribute("note", "n".repeat(700));
    store.save(session);
    long created = storedSizeOf("session:");

    StoredSession second = store.findById(session.getId());
    second.setAttribute("more", "some more text");
    store.save(second);
    long changed = storedSizeOf("session:");

    clock.advance(Duration.ofMinutes(10)); // past the touch interval (7.5 min): one touch write
    StoredSession third = store.findById(session.getId());
    store.save(third);
    String newId = store.changeSessionId(third);
    store.save(third);
    long moved = storedSizeOf("session:");

    assertThat(store.findById(newId)).isNotNull();
    assertThat(store.stats().touches()).isEqualTo(1);
    DistributionSummary summary =
        registry
            .get("stickless.sessions.item.size")
            .tags("component", "sessions", "app", "demo")
            .summary();
    assertThat(summary.count()).isEqualTo(3); // created, changed, moved; not the touch
    assertThat(summary.totalAmount()).isEqualTo(created + changed + moved);
    assertThat(summary.max()).isEqualTo(Math.max(created, Math.max(changed, moved)));
    assertThat(summary.getId().getBaseUnit()).isEqualTo("bytes");
  }

  @Test
  void cacheWritesRecordTheSizeOfEachStoredEntry() {
    TtlCache<String, String> cache =
        TtlCache.builder(client, table)
            .name("profiles")
            .addItemSizeListener(sizes.cache("profiles"))
            .build();

    cache.put("a", "alpha");
    cache.get("b", k -> "loaded " + "b".repeat(2000));
    cache.putAll(Map.of("c", "gamma", "d", "delta"));
    cache.getIfPresent("a"); // a read records nothing

    List<Map<String, AttributeValue>> stored = itemsStartingWith("cache:profiles:");
    assertThat(stored).hasSize(4);
    DistributionSummary summary =
        registry
            .get("stickless.cache.item.size")
            .tags("component", "cache", "cache", "profiles", "app", "demo")
            .summary();
    assertThat(summary.count()).isEqualTo(4);
    assertThat(summary.totalAmount())
        .isEqualTo(stored.stream().mapToLong(ItemSizes::itemSize).sum());
  }

  private long storedSizeOf(String keyPrefix) {
    List<Map<String, AttributeValue>> items = itemsStartingWith(keyPrefix);
    assertThat(items).hasSize(1);
    return ItemSizes.itemSize(items.get(0));
  }

  private List<Map<String, AttributeValue>> itemsStartingWith(String keyPrefix) {
    return client.scan(b -> b.tableName(table).consistentRead(true)).items().stream()
        .filter(item -> item.get("key").s().startsWith(keyPrefix))
        .toList();
  }
}
