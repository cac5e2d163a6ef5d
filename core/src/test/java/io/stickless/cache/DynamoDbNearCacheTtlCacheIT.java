package io.stickless.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.DynamoDbUsage.Operation;
import io.stickless.SticklessException;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(LocalDynamoDbExtension.class)
class DynamoDbNearCacheTtlCacheIT extends TtlCacheContract {

  static final Duration STALENESS = Duration.ofSeconds(5);

  final TestTable table;

  DynamoDbNearCacheTtlCacheIT(TestTable table) {
    this.table = table;
    table.createWithTutorialSchema();
  }

  @Override
  TtlCacheBuilder<String, String> newBuilder() {
    return TtlCache.builder(table.client(), table.name()).nearCache(1_000, STALENESS);
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
  void aNearCacheHitMakesNoDynamoDbCall() {
    TtlCache<String, String> cache = stringCache();
    cache.put("k", "value");

    assertThat(cache.getIfPresent("k")).isEqualTo("value");
    assertThat(cache.get("k", k -> "loaded")).isEqualTo("value");
    assertThat(cache.getAllPresent(List.of("k"))).containsEntry("k", "value");

    assertThat(cache.stats().nearCacheHits()).isEqualTo(3);
    assertThat(cache.stats().dynamoDbUsage().calls(Operation.GET_ITEM)).isZero();
    assertThat(cache.stats().dynamoDbUsage().calls(Operation.BATCH_GET_ITEM)).isZero();
  }

  @Test
  void anotherNodesChangeIsSeenOnceTheStalenessHasPassed() {
    TtlCache<String, String> here = stringCache();
    TtlCache<String, String> there = stringCache();
    there.put("k", "v1");
    assertThat(here.getIfPresent("k")).isEqualTo("v1");

    there.put("k", "v2");
    clock.advance(STALENESS.minusSeconds(1));
    assertThat(here.getIfPresent("k")).isEqualTo("v1"); // the documented staleness

    clock.advance(Duration.ofSeconds(1));
    assertThat(here.getIfPresent("k")).isEqualTo("v2");
  }

  @Test
  void thisNodesWritesTakeEffectInItsNearCacheAtOnce() {
    TtlCache<String, String> cache = stringCache();
    cache.put("k", "v1");
    assertThat(cache.getIfPresent("k")).isEqualTo("v1");

    cache.put("k", "v2");
    assertThat(cache.getIfPresent("k")).isEqualTo("v2");

    cache.invalidate("k");
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void aFailedWriteDropsTheNearCachedValue(LocalDynamoDb server) {
    String own = LocalDynamoDb.uniqueTableName("failing-writes");
    TestTableSchema.create(server.client(), own);
    TtlCache<String, String> cache =
        TtlCache.builder(server.client(), own)
            .name(name)
            .clock(clock)
            .nearCache(100, STALENESS)
            .build();
    cache.put("k", "v1");
    server.client().deleteTable(b -> b.tableName(own));

    assertThatThrownBy(() -> cache.put("k", "v2")).isInstanceOf(SticklessException.class);

    // not "v1" from the near cache: the lookup goes to the (now missing) table
    assertThatThrownBy(() -> cache.getIfPresent("k")).isInstanceOf(SticklessException.class);
  }

  @Test
  void aNearCachedEntryNeverOutlivesItsTtl() {
    TtlCache<String, String> cache = stringCache();
    cache.put("k", "value", Duration.ofSeconds(2));

    clock.advance(Duration.ofSeconds(2));

    assertThat(cache.getIfPresent("k")).isNull();
    assertThat(cache.stats().nearCacheHits()).isZero();
  }

  /** A cache on this test's table whose client's reads the returned script controls. */
  private TtlCacheBuilder<String, String> scriptedBuilder(
      LocalDynamoDb server, ScriptedCalls script) {
    DynamoDbClient client =
        server
            .clientBuilder()
            .overrideConfiguration(c -> c.addExecutionInterceptor(script))
            .build();
    clients.add(client);
    return TtlCache.builder(client, table.name()).name(name).clock(clock).nearCache(100, STALENESS);
  }

  private final List<DynamoDbClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(DynamoDbClient::close);
  }

  @Test
  void stalenessCountsFromWhenASlowReadStartedNotFromWhenItsAnswerArrived(LocalDynamoDb server) {
    ScriptedCalls script = new ScriptedCalls(clock);
    TtlCache<String, String> here = scriptedBuilder(server, script).build();
    TtlCache<String, String> there = stringCache();
    there.putAll(Map.of("single", "v1", "batch", "v1"));

    script.slowNextRead(STALENESS.minusSeconds(1));
    assertThat(here.getIfPresent("single")).isEqualTo("v1");
    script.slowNextRead(STALENESS.minusSeconds(1));
    assertThat(here.getAllPresent(List.of("batch"))).containsEntry("batch", "v1");
    there.putAll(Map.of("single", "v2", "batch", "v2"));

    // each value was read (at the latest) 5 s ago: the staleness has passed for both
    clock.advance(Duration.ofSeconds(1));
    assertThat(here.getIfPresent("single")).isEqualTo("v2");
    assertThat(here.getAllPresent(List.of("batch"))).containsEntry("batch", "v2");
  }

  @Test
  void aReadAnsweredByALaggingReplicaDoesNotReplaceThisNodesNewerWrite(LocalDynamoDb server) {
    ScriptedCalls script = new ScriptedCalls(clock);
    AtomicReference<TtlCache<String, String>> self = new AtomicReference<>();
    AtomicBoolean writeDuringLookup = new AtomicBoolean();
    // the key codec runs after the near-cache lookup and before the read: the window of the race
    TtlCache<String, String> here =
        scriptedBuilder(server, script)
            .keyCodec(
                (String key) -> {
                  if (writeDuringLookup.compareAndSet(true, false)) {
                    self.get().put(key, "v2");
                  }
                  return key;
                })
            .build();
    self.set(here);
    here.put("k", "v1");
    Map<String, AttributeValue> v1Item =
        table
            .client()
            .getItem(
                b ->
                    b.tableName(table.name())
                        .key(Map.of("key", AttributeValue.fromS("cache:" + name + ":k"))))
            .item();
    here.invalidate("k");

    writeDuringLookup.set(true);
    script.laggingNextGet(v1Item);
    assertThat(here.getIfPresent("k")).isEqualTo("v1"); // what the replica answered

    assertThat(here.getIfPresent("k")).isEqualTo("v2"); // this node's own write, not the old read
  }

  @Test
  void putIfAbsentWinsWhenTheSdkRetriesAPutWhoseResponseWasLost(LocalDynamoDb server) {
    ScriptedCalls script = new ScriptedCalls(clock);
    TtlCache<String, String> here = scriptedBuilder(server, script).build();
    TtlCache<String, String> there = stringCache();

    script.loseNextConditionalPutResponse();
    boolean won = here.putIfAbsent("k", "mine", Duration.ofMinutes(1));

    // the retry found the first attempt's item: that is this call's own win, not a loss
    assertThat(won).isTrue();
    assertThat(there.getIfPresent("k")).isEqualTo("mine");
    assertThat(there.putIfAbsent("k", "theirs", Duration.ofMinutes(1))).isFalse();
    assertThat(here.getIfPresent("k")).isEqualTo("mine");
  }
}
