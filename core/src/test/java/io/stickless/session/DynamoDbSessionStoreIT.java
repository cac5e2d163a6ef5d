package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.DynamoDbUsage.Operation;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
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
    createTableWithPrincipalIndex(client, table);
  }

  static void createTableWithPrincipalIndex(DynamoDbClient client, String table) {
    try {
      client.createTable(
          b ->
              b.tableName(table)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("key")
                          .attributeType(ScalarAttributeType.S)
                          .build(),
                      AttributeDefinition.builder()
                          .attributeName("principal")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder().attributeName("key").keyType(KeyType.HASH).build())
                  .globalSecondaryIndexes(
                      GlobalSecondaryIndex.builder()
                          .indexName(PRINCIPAL_INDEX)
                          .keySchema(
                              KeySchemaElement.builder()
                                  .attributeName("principal")
                                  .keyType(KeyType.HASH)
                                  .build())
                          .projection(
                              Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                          .build()));
      client.waiter().waitUntilTableExists(b -> b.tableName(table));
    } catch (ResourceInUseException alreadyThere) {
      // made for an earlier test of this class
    }
  }

  @Override
  protected SessionStore newNode(Config config) {
    DynamoDbSessionStore.Builder builder =
        DynamoDbSessionStore.builder(client, table)
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

  @Test
  void findByPrincipalWithoutAnIndexSaysHowToConfigureOne() {
    SessionStore noIndex = DynamoDbSessionStore.builder(client, table).clock(clock).build();
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
    client.waiter().waitUntilTableExists(b -> b.tableName(other));
    SessionStore custom =
        DynamoDbSessionStore.builder(client, other)
            .clock(clock)
            .keyAttribute("pk")
            .ttlAttribute("expires")
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
        DynamoDbSessionStore.builder(client, table).clock(clock).consistentReads(false).build();
    StoredSession s = cheap.createSession();
    s.setAttribute("a", 1);
    cheap.save(s);
    var before = cheap.stats();
    cheap.findById(s.getId());
    assertThat(cheap.stats().minus(before).usage().readUnits()).isEqualTo(0.5);
  }
}
