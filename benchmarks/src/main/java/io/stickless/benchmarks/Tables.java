package io.stickless.benchmarks;

import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Creates benchmark tables with the tutorial schema (hash key {@code key}, String). */
final class Tables {

  private Tables() {}

  static String create(DynamoDbClient client, String prefix) {
    String name = LocalDynamoDb.uniqueTableName(prefix);
    DynamoDbTables.prepare(client, TableSpec.of(name), TableMode.CREATE);
    return name;
  }
}
