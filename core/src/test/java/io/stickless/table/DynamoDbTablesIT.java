package io.stickless.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stickless.BackendUnavailableException;
import io.stickless.table.DynamoDbTables.Outcome;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

@ExtendWith(LocalDynamoDbExtension.class)
class DynamoDbTablesIT {

  private final Logger logger = (Logger) LoggerFactory.getLogger(DynamoDbTables.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
    logs.stop();
  }

  @Test
  void createMakesTheTutorialTableAndValidateThenAcceptsIt(DynamoDbClient client, TestTable table) {
    TableSpec spec = TableSpec.of(table.name());

    assertThat(DynamoDbTables.prepare(client, spec, TableMode.CREATE)).isEqualTo(Outcome.CREATED);
    assertThat(DynamoDbTables.prepare(client, spec, TableMode.VALIDATE))
        .isEqualTo(Outcome.VALIDATED);

    TableDescription created = client.describeTable(b -> b.tableName(table.name())).table();
    assertThat(created.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(created.keySchema())
        .containsExactly(
            KeySchemaElement.builder().attributeName("key").keyType(KeyType.HASH).build());
    assertThat(created.attributeDefinitions())
        .containsExactly(
            AttributeDefinition.builder()
                .attributeName("key")
                .attributeType(ScalarAttributeType.S)
                .build());
    assertThat(created.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
  }

  @Test
  void createUsesTheConfiguredKeyAttribute(DynamoDbClient client) {
    String name = LocalDynamoDb.uniqueTableName("custom-key");
    TableSpec spec = TableSpec.builder(name).keyAttribute("pk").ttlAttribute("expiresAt").build();

    assertThat(DynamoDbTables.prepare(client, spec, TableMode.CREATE)).isEqualTo(Outcome.CREATED);

    TableDescription created = client.describeTable(b -> b.tableName(name)).table();
    assertThat(created.keySchema())
        .extracting(KeySchemaElement::attributeName)
        .containsExactly("pk");
    assertThat(DynamoDbTables.prepare(client, spec, TableMode.VALIDATE))
        .isEqualTo(Outcome.VALIDATED);
  }

  @Test
  void validateOnMissingTableSaysHowToCreateIt(DynamoDbClient client) {
    String name = LocalDynamoDb.uniqueTableName("missing");

    assertThatThrownBy(() -> DynamoDbTables.prepare(client, TableSpec.of(name), TableMode.VALIDATE))
        .isInstanceOf(TableValidationException.class)
        .hasMessageContaining("DynamoDB table '" + name + "' does not exist")
        .hasMessageContaining(
            "aws dynamodb create-table --table-name "
                + name
                + " --attribute-definitions AttributeName=key,AttributeType=S"
                + " --key-schema AttributeName=key,KeyType=HASH --billing-mode PAY_PER_REQUEST")
        .hasMessageContaining(
            "aws dynamodb update-time-to-live --table-name "
                + name
                + " --time-to-live-specification Enabled=true,AttributeName=ttl")
        .hasMessageContaining("Type: AWS::DynamoDB::Table")
        .hasMessageContaining("TableName: " + name)
        .hasMessageContaining("TableMode.CREATE");
    assertThat(tableExists(client, name)).isFalse();
  }

  @Test
  void validateMessagePointsTheCliAtTheSameEndpoint(LocalDynamoDb server, DynamoDbClient client) {
    String name = LocalDynamoDb.uniqueTableName("missing-endpoint");

    assertThatThrownBy(() -> DynamoDbTables.prepare(client, TableSpec.of(name), TableMode.VALIDATE))
        .isInstanceOf(TableValidationException.class)
        .hasMessageContaining("(region us-east-1, endpoint " + server.endpoint() + ")")
        .hasMessageContaining(
            "--billing-mode PAY_PER_REQUEST --region us-east-1 --endpoint-url "
                + server.endpoint());
  }

  @Test
  void validateOnTableWithAnotherKeyNameSaysSoAndHowToFixIt(DynamoDbClient client) {
    String name = createTable(client, "wrong-key-name", "MysfitId", ScalarAttributeType.S, null);

    assertThatThrownBy(() -> DynamoDbTables.prepare(client, TableSpec.of(name), TableMode.VALIDATE))
        .isInstanceOf(TableValidationException.class)
        .hasMessageContaining(
            "its hash key is 'MysfitId', but Stickless is configured with the key attribute 'key'")
        .hasMessageContaining(
            "configure the key attribute 'MysfitId' instead (TableSpec.builder(\""
                + name
                + "\").keyAttribute(\"MysfitId\"))")
        .hasMessageContaining(
            "aws dynamodb create-table --table-name "
                + name
                + " --attribute-definitions AttributeName=key,AttributeType=S"
                + " --key-schema AttributeName=key,KeyType=HASH --billing-mode PAY_PER_REQUEST");

    TableSpec mysfits = TableSpec.builder(name).keyAttribute("MysfitId").build();
    assertThat(DynamoDbTables.prepare(client, mysfits, TableMode.VALIDATE))
        .isEqualTo(Outcome.VALIDATED);
  }

  @Test
  void validateOnTableWithNumericKeySaysTheKeyMustBeAString(DynamoDbClient client) {
    String name = createTable(client, "wrong-key-type", "key", ScalarAttributeType.N, null);

    assertThatThrownBy(() -> DynamoDbTables.prepare(client, TableSpec.of(name), TableMode.VALIDATE))
        .isInstanceOf(TableValidationException.class)
        .hasMessageContaining("its hash key 'key' has type N, but Stickless needs type S (String)")
        .hasMessageNotContaining("its hash key is")
        .hasMessageContaining(
            "aws dynamodb create-table --table-name "
                + name
                + " --attribute-definitions AttributeName=key,AttributeType=S"
                + " --key-schema AttributeName=key,KeyType=HASH --billing-mode PAY_PER_REQUEST");
  }

  @Test
  void validateOnTableWithSortKeySaysItNeedsAHashKeyOnly(DynamoDbClient client) {
    String name = createTable(client, "sort-key", "key", ScalarAttributeType.S, "created");

    assertThatThrownBy(() -> DynamoDbTables.prepare(client, TableSpec.of(name), TableMode.VALIDATE))
        .isInstanceOf(TableValidationException.class)
        .hasMessageContaining(
            "it has a sort key 'created' (KeyType RANGE), but Stickless needs a table with a hash"
                + " key only")
        .hasMessageContaining("A table's key schema cannot be changed")
        .hasMessageContaining(
            "aws dynamodb update-time-to-live --table-name "
                + name
                + " --time-to-live-specification Enabled=true,AttributeName=ttl");
  }

  @Test
  void validateListsEveryProblemOfTheTable(DynamoDbClient client) {
    String name = createTable(client, "all-wrong", "id", ScalarAttributeType.N, "sk");

    assertThatThrownBy(() -> DynamoDbTables.prepare(client, TableSpec.of(name), TableMode.VALIDATE))
        .isInstanceOf(TableValidationException.class)
        .hasMessageContaining("its hash key is 'id'")
        .hasMessageContaining("its hash key 'id' has type N")
        .hasMessageContaining("it has a sort key 'sk'")
        // renaming the key would not be enough here, so the message does not suggest it
        .hasMessageNotContaining("keyAttribute(\"id\")");
  }

  @Test
  void createOnAnExistingWrongTableFailsAsValidateDoes(DynamoDbClient client) {
    String name = createTable(client, "create-wrong", "key", ScalarAttributeType.S, "sk");

    assertThatThrownBy(() -> DynamoDbTables.prepare(client, TableSpec.of(name), TableMode.CREATE))
        .isInstanceOf(TableValidationException.class)
        .hasMessageContaining("it has a sort key 'sk'")
        .hasMessageContaining("aws dynamodb create-table --table-name " + name);
  }

  @Test
  void createTwiceIsHarmless(DynamoDbClient client) {
    TableSpec spec = TableSpec.of(LocalDynamoDb.uniqueTableName("twice"));

    assertThat(DynamoDbTables.prepare(client, spec, TableMode.CREATE)).isEqualTo(Outcome.CREATED);
    assertThat(DynamoDbTables.prepare(client, spec, TableMode.CREATE)).isEqualTo(Outcome.VALIDATED);

    assertThat(client.describeTable(b -> b.tableName(spec.tableName())).table().tableStatus())
        .isEqualTo(TableStatus.ACTIVE);
  }

  @Test
  void createFromFourNodesAtOnceMakesOneTableAndFailsNone(DynamoDbClient client) throws Exception {
    TableSpec spec = TableSpec.of(LocalDynamoDb.uniqueTableName("race"));
    int nodes = 4;
    CountDownLatch ready = new CountDownLatch(nodes);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(nodes);
    try {
      List<Future<Outcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        outcomes.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return DynamoDbTables.prepare(client, spec, TableMode.CREATE);
                }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<Outcome> results = new ArrayList<>();
      for (Future<Outcome> outcome : outcomes) {
        results.add(outcome.get(60, TimeUnit.SECONDS));
      }

      assertThat(results).containsOnlyOnce(Outcome.CREATED).hasSize(nodes);
      assertThat(results).filteredOn(o -> o != Outcome.CREATED).containsOnly(Outcome.VALIDATED);
      assertThat(client.describeTable(b -> b.tableName(spec.tableName())).table().tableStatus())
          .isEqualTo(TableStatus.ACTIVE);
      assertThat(ttlWarnings(spec.tableName())).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void validateWarnsOnceWhenTtlIsNotEnabled(DynamoDbClient client) {
    // dynalite's DescribeTimeToLive always answers DISABLED
    String name = createTable(client, "ttl-warn", "key", ScalarAttributeType.S, null);
    TableSpec spec = TableSpec.of(name);

    DynamoDbTables.prepare(client, spec, TableMode.VALIDATE);
    DynamoDbTables.prepare(client, spec, TableMode.VALIDATE);

    assertThat(ttlWarnings(name))
        .singleElement()
        .asString()
        .startsWith(
            "TTL is not enabled on table "
                + name
                + " for attribute ttl: expired items will never be deleted; reads still filter"
                + " them. Enable it with: aws dynamodb update-time-to-live --table-name "
                + name
                + " --time-to-live-specification Enabled=true,AttributeName=ttl");
  }

  @Test
  void createGoesOnWithOneWarningWhenTheEndpointRejectsTtl(DynamoDbClient client) {
    // dynalite answers UpdateTimeToLive with UnknownOperationException
    TableSpec spec =
        TableSpec.builder(LocalDynamoDb.uniqueTableName("ttl-unsupported"))
            .ttlAttribute("expires")
            .build();

    assertThat(DynamoDbTables.prepare(client, spec, TableMode.CREATE)).isEqualTo(Outcome.CREATED);
    assertThat(DynamoDbTables.prepare(client, spec, TableMode.CREATE)).isEqualTo(Outcome.VALIDATED);
    assertThat(DynamoDbTables.prepare(client, spec, TableMode.VALIDATE))
        .isEqualTo(Outcome.VALIDATED);

    assertThat(ttlWarnings(spec.tableName()))
        .singleElement()
        .asString()
        .contains("TTL is not enabled on table " + spec.tableName() + " for attribute expires")
        .contains("UpdateTimeToLive was rejected, UnknownOperationException")
        .contains("Enabled=true,AttributeName=expires");
  }

  @Test
  void validateMakesOneDescribeTableAndOneDescribeTimeToLive(LocalDynamoDb server) {
    String name = LocalDynamoDb.uniqueTableName("count-validate");
    DynamoDbTables.prepare(server.client(), TableSpec.of(name), TableMode.CREATE);
    CallCounter calls = new CallCounter();

    try (DynamoDbClient counted = countingClient(server, calls)) {
      DynamoDbTables.prepare(counted, TableSpec.of(name), TableMode.VALIDATE);
    }

    assertThat(calls.operations).containsExactly("DescribeTable", "DescribeTimeToLive");
  }

  @Test
  void validateOfMissingTableStopsAfterOneDescribeTable(LocalDynamoDb server) {
    CallCounter calls = new CallCounter();

    try (DynamoDbClient counted = countingClient(server, calls)) {
      TableSpec spec = TableSpec.of(LocalDynamoDb.uniqueTableName("count-missing"));
      assertThatThrownBy(() -> DynamoDbTables.prepare(counted, spec, TableMode.VALIDATE))
          .isInstanceOf(TableValidationException.class);
    }

    assertThat(calls.operations).containsExactly("DescribeTable");
  }

  @Test
  void noneMakesNoCallsAtAll(LocalDynamoDb server, DynamoDbClient client) {
    CallCounter calls = new CallCounter();
    TableSpec missing = TableSpec.of(LocalDynamoDb.uniqueTableName("none"));

    try (DynamoDbClient counted = countingClient(server, calls)) {
      assertThat(DynamoDbTables.prepare(counted, missing, TableMode.NONE))
          .isEqualTo(Outcome.SKIPPED);
    }

    assertThat(calls.operations).isEmpty();
    assertThat(tableExists(client, missing.tableName())).isFalse();
  }

  @Test
  void unreachableEndpointFailsNamingTheTableAndTheOperation(LocalDynamoDb server)
      throws IOException {
    URI closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    TableSpec spec = TableSpec.of(LocalDynamoDb.uniqueTableName("unreachable"));

    try (DynamoDbClient unreachable =
        server
            .clientBuilder()
            .endpointOverride(closedPort)
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      for (TableMode mode : List.of(TableMode.VALIDATE, TableMode.CREATE)) {
        assertThatThrownBy(() -> DynamoDbTables.prepare(unreachable, spec, mode))
            .isExactlyInstanceOf(BackendUnavailableException.class)
            .hasMessageStartingWith(
                "DescribeTable on DynamoDB table '" + spec.tableName() + "' (region us-east-1")
            .hasMessageContaining(closedPort.toString())
            .hasMessageContaining("TableMode." + mode)
            .hasCauseInstanceOf(SdkClientException.class);
      }
    }
  }

  private List<String> ttlWarnings(String tableName) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("table " + tableName + " "))
        .toList();
  }

  private static String createTable(
      DynamoDbClient client,
      String prefix,
      String hashKey,
      ScalarAttributeType hashType,
      String rangeKey) {
    String name = LocalDynamoDb.uniqueTableName(prefix);
    List<AttributeDefinition> attributes = new ArrayList<>();
    List<KeySchemaElement> keys = new ArrayList<>();
    attributes.add(
        AttributeDefinition.builder().attributeName(hashKey).attributeType(hashType).build());
    keys.add(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build());
    if (rangeKey != null) {
      attributes.add(
          AttributeDefinition.builder()
              .attributeName(rangeKey)
              .attributeType(ScalarAttributeType.S)
              .build());
      keys.add(KeySchemaElement.builder().attributeName(rangeKey).keyType(KeyType.RANGE).build());
    }
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributes)
                .keySchema(keys));
    LocalDynamoDb.awaitActive(client, name);
    return name;
  }

  private static boolean tableExists(DynamoDbClient client, String name) {
    try {
      client.describeTable(b -> b.tableName(name));
      return true;
    } catch (ResourceNotFoundException e) {
      return false;
    }
  }

  private static DynamoDbClient countingClient(LocalDynamoDb server, CallCounter calls) {
    return server
        .clientBuilder()
        .overrideConfiguration(o -> o.addExecutionInterceptor(calls))
        .build();
  }

  /** Records the name of every operation a client sends. */
  private static final class CallCounter implements ExecutionInterceptor {
    final List<String> operations = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
  }
}
