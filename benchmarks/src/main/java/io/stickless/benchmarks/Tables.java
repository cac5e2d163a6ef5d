package io.stickless.benchmarks;

import io.stickless.testing.LocalDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates benchmark tables with the tutorial schema (hash key {@code key}, String). */
final class Tables {

  private Tables() {}

  static String create(DynamoDbClient client, String prefix) {
    String name = LocalDynamoDb.uniqueTableName(prefix);
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("key")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder().attributeName("key").keyType(KeyType.HASH).build()));
    client.waiter().waitUntilTableExists(b -> b.tableName(name));
    return name;
  }
}
