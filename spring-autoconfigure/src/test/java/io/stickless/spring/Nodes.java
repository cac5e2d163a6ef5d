package io.stickless.spring;

import io.stickless.testing.LocalDynamoDb;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Boot applications started as nodes of one cluster on one dynalite table, on 127.0.0.1. */
final class Nodes implements AutoCloseable {

  static final String PRINCIPAL_INDEX = "principal-index";

  private final List<ConfigurableApplicationContext> started = new ArrayList<>();

  /** A node of {@code app} on the table, with these extra properties. */
  ConfigurableApplicationContext start(
      Class<?> app, LocalDynamoDb server, String table, String... properties) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "stickless.table=" + table,
                "stickless.endpoint=" + server.endpoint(),
                "stickless.region=us-east-1",
                // generous for a loaded CI machine; no test asserts the defaults
                "stickless.api-call-timeout=30s",
                "stickless.api-call-attempt-timeout=10s"));
    all.addAll(List.of(properties));
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(app).properties(all.toArray(String[]::new)).run();
    started.add(context);
    return context;
  }

  static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** The tutorial schema plus a keys-only GSI on {@code principal}. */
  static void createTableWithPrincipalIndex(DynamoDbClient client, String table) {
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
    LocalDynamoDb.awaitActive(client, table);
  }

  @Override
  public void close() {
    started.forEach(ConfigurableApplicationContext::close);
  }
}
