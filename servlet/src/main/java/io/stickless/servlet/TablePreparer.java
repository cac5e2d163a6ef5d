package io.stickless.servlet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

/**
 * Validates or creates the filter's table at start-up: the single place the filter handles tables.
 *
 * <p>TODO(table): replace the body of {@link #prepare} with {@code
 * io.stickless.table.DynamoDbTables} once that package is merged (it adds the TTL check, waiting
 * for ACTIVE, attribute-name validation); the raw SDK calls here are the stop-gap.
 */
final class TablePreparer {

  private static final Logger log = LoggerFactory.getLogger(TablePreparer.class);
  static final String KEY_ATTRIBUTE = "key";
  static final String TTL_ATTRIBUTE = "ttl";

  private TablePreparer() {}

  /**
   * @throws IllegalStateException in {@link TableMode#VALIDATE} mode when the table is missing
   */
  static void prepare(DynamoDbClient client, String table, TableMode mode) {
    switch (mode) {
      case NONE -> log.debug("Table mode NONE: not checking table {}", table);
      case VALIDATE -> {
        try {
          client.describeTable(b -> b.tableName(table));
        } catch (ResourceNotFoundException e) {
          throw new IllegalStateException(
              "Stickless session table '"
                  + table
                  + "' does not exist. Create it (hash key 'key' of type S, TTL attribute 'ttl')"
                  + " or set table-mode to CREATE (e.g. context parameter stickless.table-mode)"
                  + " to let Stickless create it.",
              e);
        }
      }
      case CREATE -> create(client, table);
    }
  }

  private static void create(DynamoDbClient client, String table) {
    try {
      client.describeTable(b -> b.tableName(table));
      return;
    } catch (ResourceNotFoundException missing) {
      log.info("Creating session table {}", table);
    }
    try {
      client.createTable(
          b ->
              b.tableName(table)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName(KEY_ATTRIBUTE)
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName(KEY_ATTRIBUTE)
                          .keyType(KeyType.HASH)
                          .build()));
    } catch (ResourceInUseException raced) {
      // another node created it first
    }
    client.waiter().waitUntilTableExists(b -> b.tableName(table));
    try {
      client.updateTimeToLive(
          b ->
              b.tableName(table)
                  .timeToLiveSpecification(
                      TimeToLiveSpecification.builder()
                          .attributeName(TTL_ATTRIBUTE)
                          .enabled(true)
                          .build()));
    } catch (RuntimeException e) {
      log.warn(
          "Could not enable TTL on table {} ({}): expired sessions are still ignored on read but"
              + " stay in the table until TTL is enabled",
          table,
          e.toString());
    }
  }
}
