package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.DynamoDbUsage.Operation;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/** The contract against dynalite, on a table with the tutorial schema plus a principal GSI. */
@ExtendWith(LocalDynamoDbExtension.class)
class DynamoDbSessionStoreIT extends SessionStoreContract {

  static final String PRINCIPAL_INDEX = "principal-index";

  private final DynamoDbClient client;
  private final String table;

  DynamoDbSessionStoreIT(TestTable testTable) {
    this.client = testTable.client();
    this.table = testTable.name();
    TestTable.createWithPrincipalIndex(client, table, PRINCIPAL_INDEX);
  }

  @Override
  protected SessionStore newNode(Config config) {
    SessionStoreBuilder builder =
        SessionStore.builder(client, table)
            .clock(clock)
            .defaultMaxInactiveInterval(config.maxInactive())
            .strictTouch(config.strictTouch())
            .writeMode(config.writeMode())
            .unreadableAttributePolicy(config.policy())
            .allowedClasses(config.allowedClasses().toArray(String[]::new))
            .principalIndexName(PRINCIPAL_INDEX);
    if (config.touchInterval() != null) {
      builder.touchInterval(config.touchInterval());
    }
    return builder.build();
  }

  @Override
  protected Map<String, Map<String, AttributeValue>> rawItems() {
    Map<String, Map<String, AttributeValue>> items = new HashMap<>();
    Map<String, AttributeValue> start = null;
    do {
      ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(true);
      if (start != null) {
        scan.exclusiveStartKey(start);
      }
      ScanResponse page = client.scan(scan.build());
      page.items().forEach(item -> items.put(item.get("key").s(), item));
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null && !start.isEmpty());
    return items;
  }

  @Override
  protected void putRawItem(Map<String, AttributeValue> item) {
    client.putItem(b -> b.tableName(table).item(item));
  }

  @Test
  void everyCallIsCountedWithTheCapacityDynamoDbReports() {
    StoredSession s = store.createSession();
    s.setAttribute("user", "alice");
    store.save(s);
    StoredSession read = store.findById(s.getId());
    read.setAttribute("x", 1);
    store.save(read);
    store.deleteById(s.getId());

    var usage = store.stats().usage();
    assertThat(usage.callsByOperation())
        .containsEntry(Operation.PUT_ITEM, 1L)
        .containsEntry(Operation.GET_ITEM, 1L)
        .containsEntry(Operation.UPDATE_ITEM, 1L)
        .containsEntry(Operation.DELETE_ITEM, 1L);
    assertThat(usage.readUnits()).isGreaterThanOrEqualTo(1.0);
    assertThat(usage.writeUnits()).isGreaterThanOrEqualTo(3.0);
  }

  /**
   * The reference workload of DESIGN.md: 2 KB sessions, 30 min max inactive, 90% read-only, 9%
   * one-attribute update, 1% new session, one request per second across 100 sessions.
   */
  @Test
  void theReferenceWorkloadSpendsAboutOneReadUnitAndFewWriteUnitsPerRequest() {
    Random random = new Random(7);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      StoredSession s = store.createSession();
      byte[] payload = new byte[2000];
      random.nextBytes(payload); // incompressible: the item stays ~2 KB
      s.setAttribute("payload", payload);
      s.setAttribute("counter", 0);
      store.save(s);
      ids.add(s.getId());
    }
    var before = store.stats();
    int requests = 1_000;
    for (int i = 0; i < requests; i++) {
      clock.advance(Duration.ofSeconds(1));
      int kind = random.nextInt(100);
      if (kind == 0) {
        StoredSession s = store.createSession();
        s.setAttribute("counter", 0);
        store.save(s);
        continue;
      }
      StoredSession s = store.findById(ids.get(random.nextInt(ids.size())));
      s.getAttribute("payload");
      if (kind <= 9) {
        s.setAttribute("counter", (Integer) s.getAttribute("counter") + 1);
      }
      store.save(s);
    }
    var used = store.stats().minus(before);
    double readPerRequest = used.usage().readUnits() / requests;
    double writePerRequest = used.usage().writeUnits() / requests;
    LoggerFactory.getLogger(getClass())
        .info(
            "Reference workload: {} read units and {} write units per request; {} touches, {}"
                + " attribute writes, {} new; calls {}",
            readPerRequest,
            writePerRequest,
            used.touches(),
            used.attributeWrites(),
            used.sessionsCreated(),
            used.usage().callsByOperation());
    assertThat(readPerRequest).isBetween(0.9, 1.0);
    // peers spend about 2 write units on every request; here a ~2.1 KB item costs 3 per write
    assertThat(writePerRequest).isLessThan(0.8);
    assertThat(used.touches()).isBetween(50L, 300L);
  }

  @Test
  void findByPrincipalWithoutAnIndexSaysHowToConfigureOne() {
    SessionStore noIndex = SessionStore.builder(client, table).clock(clock).build();
    assertThatThrownBy(() -> noIndex.findByPrincipal("ann"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("global secondary index")
        .hasMessageContaining("principalIndexName");
    assertThat(noIndex.stats().usage().totalCalls()).isZero();
  }

  @Test
  void customKeyPrefixAndAttributeNamesAreUsed() {
    String other = table + "-custom";
    client.createTable(
        b ->
            b.tableName(other)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
    LocalDynamoDb.awaitActive(client, other);
    SessionStore custom =
        SessionStore.builder(
                client, TableSpec.builder(other).keyAttribute("pk").ttlAttribute("expires").build())
            .clock(clock)
            .keyPrefix("s#")
            .build();
    StoredSession s = custom.createSession();
    s.setAttribute("a", "b");
    custom.save(s);
    StoredSession read = custom.findById(s.getId());
    read.setAttribute("c", "d");
    custom.save(read);

    var item =
        client
            .getItem(
                b ->
                    b.tableName(other)
                        .key(
                            Map.of(
                                "pk", AttributeValue.fromS("s#" + SessionItems.hash(s.getId())))))
            .item();
    assertThat(item).containsKeys("pk", "expires", "created", "accessed", "idle", "ver", "attrs");
    assertThat(item.get("attrs").m()).containsKeys("a", "c");
    assertThat(custom.findById(s.getId()).getAttribute("c")).isEqualTo("d");
  }

  @Test
  void eventuallyConsistentReadsCanBeChosen() {
    SessionStore cheap =
        SessionStore.builder(client, table).clock(clock).consistentReads(false).build();
    StoredSession s = cheap.createSession();
    s.setAttribute("a", 1);
    cheap.save(s);
    var before = cheap.stats();
    cheap.findById(s.getId());
    assertThat(cheap.stats().minus(before).usage().readUnits()).isEqualTo(0.5);
  }
}
