package io.stickless.testing;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A table name that belongs to one test class, on the run's shared {@link LocalDynamoDb}. Injected
 * by {@link LocalDynamoDbExtension}. The table does not exist until a test creates it
 * (table-management tests need it missing); {@link #createWithTutorialSchema()} makes the default
 * Stickless layout.
 */
public final class TestTable {

  private final String name;
  private final LocalDynamoDb server;

  TestTable(String name, LocalDynamoDb server) {
    this.name = name;
    this.server = server;
  }

  /** The unique table name, e.g. {@code SessionStoreIT-3-a1b2c3}. */
  public String name() {
    return name;
  }

  /** The shared client of the run's server. */
  public DynamoDbClient client() {
    return server.client();
  }

  /** The server this table lives on. */
  public LocalDynamoDb server() {
    return server;
  }

  /**
   * Creates the table with the tutorial's schema (hash key {@code key} of type S, on-demand) unless
   * it exists, and returns its name.
   */
  public String createWithTutorialSchema() {
    try {
      client()
          .createTable(
              b ->
                  b.tableName(name)
                      .billingMode(BillingMode.PAY_PER_REQUEST)
                      .attributeDefinitions(
                          AttributeDefinition.builder()
                              .attributeName("key")
                              .attributeType(ScalarAttributeType.S)
                              .build())
                      .keySchema(
                          KeySchemaElement.builder()
                              .attributeName("key")
                              .keyType(KeyType.HASH)
                              .build()));
      LocalDynamoDb.awaitActive(client(), name);
    } catch (ResourceInUseException alreadyThere) {
      // created by an earlier test of the class
    }
    return name;
  }

  /**
   * Creates {@code table} with the tutorial's schema plus a keys-only global secondary index {@code
   * indexName} on the session attribute {@code principal} (what "find sessions by principal" and
   * "log out everywhere" query), unless it exists, waits until it is active, and returns its name.
   */
  public static String createWithPrincipalIndex(
      DynamoDbClient client, String table, String indexName) {
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
                          .indexName(indexName)
                          .keySchema(
                              KeySchemaElement.builder()
                                  .attributeName("principal")
                                  .keyType(KeyType.HASH)
                                  .build())
                          .projection(
                              Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                          .build()));
      LocalDynamoDb.awaitActive(client, table);
    } catch (ResourceInUseException alreadyThere) {
      // created by an earlier test of the class
    }
    return table;
  }

  @Override
  public String toString() {
    return name;
  }
}
