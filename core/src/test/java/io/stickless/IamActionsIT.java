package io.stickless;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.cache.TtlCache;
import io.stickless.session.SessionStore;
import io.stickless.session.StoredSession;
import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.DynamoDbFaultProxy;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The least-privilege IAM table of docs/SECURITY.md, held to what the code sends: every operation
 * of each component, through a proxy that records the DynamoDB actions it sees.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class IamActionsIT {

  private static final String INDEX = "principal-index";

  private DynamoDbFaultProxy proxy;
  private DynamoDbClient client;

  @BeforeEach
  void start(LocalDynamoDb server) {
    proxy = DynamoDbFaultProxy.start(server);
    client = proxy.clientBuilder().build();
  }

  @AfterEach
  void stop() {
    client.close();
    proxy.close();
  }

  @Test
  void theSessionStoreNeedsItemActionsAndQueryAndBatchGetForFindByPrincipal(TestTable table) {
    String name = TestTable.createWithPrincipalIndex(table.client(), table.name(), INDEX);
    SessionStore store = SessionStore.builder(client, name).principalIndexName(INDEX).build();
    proxy.resetCounts();

    StoredSession s = store.createSession();
    s.setAttribute("a", "1");
    s.setPrincipal("alice");
    store.save(s);
    StoredSession found = store.findById(s.getId());
    found.setAttribute("b", "2");
    found.removeAttribute("a");
    store.save(found);
    store.changeSessionId(found);
    store.invalidate(found);
    store.deleteById(s.getId());

    assertThat(proxy.attempts().keySet())
        .containsExactlyInAnyOrder("GetItem", "PutItem", "UpdateItem", "DeleteItem");

    StoredSession bob = store.createSession();
    bob.setPrincipal("bob");
    store.save(bob);
    proxy.resetCounts();
    assertThat(store.findByPrincipal("bob")).hasSize(1);

    assertThat(proxy.attempts().keySet()).containsExactlyInAnyOrder("Query", "BatchGetItem");
  }

  @Test
  void theCacheNeedsItemAndBatchActionsOnly(TestTable table) {
    String name = table.createWithTutorialSchema();
    TtlCache<String, String> cache =
        TtlCache.builder(client, name).name("iam").defaultTtl(Duration.ofMinutes(5)).build();
    proxy.resetCounts();

    cache.put("a", "1");
    cache.put("b", "2", Duration.ofMinutes(1));
    cache.putAll(Map.of("c", "3", "d", "4"));
    cache.putIfAbsent("e", "5", Duration.ofMinutes(1));
    assertThat(cache.getIfPresent("a")).isEqualTo("1");
    assertThat(cache.get("f", k -> "6")).isEqualTo("6");
    assertThat(cache.getAllPresent(List.of("a", "b", "c"))).hasSize(3);
    assertThat(cache.increment("n", 1, Duration.ofMinutes(1))).isEqualTo(1);
    cache.invalidate("a");
    cache.invalidateAll(List.of("b", "c"));
    cache.clear();

    assertThat(proxy.attempts().keySet())
        .containsExactlyInAnyOrder(
            "GetItem", "PutItem", "UpdateItem", "DeleteItem", "BatchGetItem", "BatchWriteItem");
  }

  @Test
  void validatingATableAtStartUpNeedsOnlyTheTwoDescribes(TestTable table) {
    String name = table.createWithTutorialSchema();
    proxy.resetCounts();

    DynamoDbTables.prepare(client, TableSpec.of(name), TableMode.VALIDATE);

    assertThat(proxy.attempts().keySet()).isSubsetOf("DescribeTable", "DescribeTimeToLive");
    assertThat(proxy.attempts()).containsKey("DescribeTable");
  }

  @Test
  void creatingATableNeedsCreateTableAndUpdateTimeToLiveBesides() {
    String name = LocalDynamoDb.uniqueTableName("IamActionsIT-create");

    DynamoDbTables.prepare(client, TableSpec.of(name), TableMode.CREATE);

    assertThat(proxy.attempts().keySet())
        .contains("CreateTable")
        .isSubsetOf(
            Set.of("DescribeTable", "DescribeTimeToLive", "CreateTable", "UpdateTimeToLive"));
  }
}
