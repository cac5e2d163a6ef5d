package io.stickless.examples.mysfits;

import static java.util.Objects.requireNonNull;

import io.stickless.table.TableMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The workshop's {@code MysfitsTable}: hash key {@code MysfitId} (S) and two global secondary
 * indexes, {@code GoodEvilIndex} (hash {@code GoodEvil}, range {@code MysfitId}) and {@code
 * LawChaosIndex} (hash {@code LawChaos}, range {@code MysfitId}), both projecting ALL attributes.
 *
 * <pre>{@code
 * MysfitsTable.prepare(dynamoDb, "MysfitsTable", TableMode.VALIDATE); // one DescribeTable
 * }</pre>
 */
public final class MysfitsTable {

  /** The workshop's table name. */
  public static final String DEFAULT_NAME = "MysfitsTable";

  /** The index on {@code GoodEvil}. */
  public static final String GOOD_EVIL_INDEX = "GoodEvilIndex";

  /** The index on {@code LawChaos}. */
  public static final String LAW_CHAOS_INDEX = "LawChaosIndex";

  /** Index name to its hash key attribute. */
  static final Map<String, String> INDEXES =
      Map.of(GOOD_EVIL_INDEX, Mysfit.GOOD_EVIL, LAW_CHAOS_INDEX, Mysfit.LAW_CHAOS);

  private static final Logger LOG = LoggerFactory.getLogger(MysfitsTable.class);
  private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration ACTIVE_POLL = Duration.ofMillis(200);

  private MysfitsTable() {}

  /**
   * Validates the table ({@code VALIDATE}: one {@code DescribeTable}), creates it when missing
   * ({@code CREATE}: {@code DescribeTable}, {@code CreateTable}, then {@code DescribeTable} until
   * ACTIVE), or does nothing ({@code NONE}).
   *
   * @throws IllegalStateException when the table is missing ({@code VALIDATE}) or its keys or
   *     indexes differ from the workshop's; the message says what differs and how to fix it
   */
  public static void prepare(DynamoDbClient dynamoDb, String tableName, TableMode mode) {
    requireNonNull(dynamoDb, "dynamoDb");
    requireNonNull(tableName, "tableName");
    if (requireNonNull(mode, "mode") == TableMode.NONE) {
      return;
    }
    TableDescription table = describe(dynamoDb, tableName);
    if (table == null && mode == TableMode.CREATE) {
      create(dynamoDb, tableName);
      table = awaitActive(dynamoDb, tableName);
    }
    if (table == null) {
      throw new IllegalStateException(
          "DynamoDB table '"
              + tableName
              + "' does not exist. Deploy examples/infra/cloudformation/mysfits.yaml, or start"
              + " with table mode CREATE in development");
    }
    List<String> problems = problems(table);
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "DynamoDB table '"
              + tableName
              + "' is not the Mysfits table: "
              + String.join("; ", problems)
              + ". It needs hash key MysfitId (S) and the indexes GoodEvilIndex (GoodEvil, MysfitId)"
              + " and LawChaosIndex (LawChaos, MysfitId) projecting ALL, as in"
              + " examples/infra/cloudformation/mysfits.yaml");
    }
  }

  static List<String> problems(TableDescription table) {
    List<String> problems = new ArrayList<>();
    String hashKey = keys(table.keySchema());
    if (!hashKey.equals(Mysfit.ID)) {
      problems.add("its key is (" + hashKey + ") instead of (" + Mysfit.ID + ")");
    }
    Map<String, GlobalSecondaryIndexDescription> indexes =
        table.globalSecondaryIndexes().stream()
            .collect(Collectors.toMap(GlobalSecondaryIndexDescription::indexName, i -> i));
    INDEXES.forEach(
        (name, hash) -> {
          GlobalSecondaryIndexDescription index = indexes.get(name);
          String expected = hash + ", " + Mysfit.ID;
          if (index == null) {
            problems.add("index " + name + " is missing");
          } else if (!keys(index.keySchema()).equals(expected)) {
            problems.add(
                "index "
                    + name
                    + " has keys ("
                    + keys(index.keySchema())
                    + "), not ("
                    + expected
                    + ")");
          } else if (index.projection().projectionType() != ProjectionType.ALL) {
            problems.add(
                "index "
                    + name
                    + " projects "
                    + index.projection().projectionTypeAsString()
                    + ", not ALL");
          }
        });
    return problems;
  }

  private static String keys(List<KeySchemaElement> schema) {
    return schema.stream()
        .sorted((a, b) -> a.keyType().compareTo(b.keyType()))
        .map(KeySchemaElement::attributeName)
        .collect(Collectors.joining(", "));
  }

  private static TableDescription describe(DynamoDbClient dynamoDb, String tableName) {
    try {
      return dynamoDb.describeTable(b -> b.tableName(tableName)).table();
    } catch (ResourceNotFoundException missing) {
      return null;
    }
  }

  private static void create(DynamoDbClient dynamoDb, String tableName) {
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    INDEXES.forEach(
        (name, hash) ->
            indexes.add(
                GlobalSecondaryIndex.builder()
                    .indexName(name)
                    .keySchema(key(hash, KeyType.HASH), key(Mysfit.ID, KeyType.RANGE))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build()));
    try {
      dynamoDb.createTable(
          b ->
              b.tableName(tableName)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      string(Mysfit.ID), string(Mysfit.GOOD_EVIL), string(Mysfit.LAW_CHAOS))
                  .keySchema(key(Mysfit.ID, KeyType.HASH))
                  .globalSecondaryIndexes(indexes));
      LOG.info("Created DynamoDB table '{}' with GoodEvilIndex and LawChaosIndex", tableName);
    } catch (ResourceInUseException createdElsewhere) {
      LOG.debug("DynamoDB table '{}' is being created by another process", tableName);
    }
  }

  private static TableDescription awaitActive(DynamoDbClient dynamoDb, String tableName) {
    long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
    BackoffStrategy poll = BackoffStrategy.fixedDelayWithoutJitter(ACTIVE_POLL);
    for (int attempt = 1; ; attempt++) {
      TableDescription table = describe(dynamoDb, tableName);
      boolean indexesActive =
          table != null
              && table.globalSecondaryIndexes().stream()
                  .allMatch(i -> "ACTIVE".equals(i.indexStatusAsString()));
      if (table != null && "ACTIVE".equals(table.tableStatusAsString()) && indexesActive) {
        return table;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "DynamoDB table '" + tableName + "' was not ACTIVE within " + ACTIVE_TIMEOUT);
      }
      try {
        Thread.sleep(poll.computeDelay(attempt).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted waiting for table " + tableName, e);
      }
    }
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
