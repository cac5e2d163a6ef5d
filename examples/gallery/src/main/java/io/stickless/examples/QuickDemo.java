package io.stickless.examples;

import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The README's first command: starts the local DynamoDB (dynalite), creates the tutorial-schema
 * table (hash key {@code key}, TTL attribute {@code ttl}), writes one item with a TTL, reads it
 * back and says what it did. Needs nothing but JDK 17+ and Node.js 20+.
 */
public final class QuickDemo {

  private QuickDemo() {}

  public static void main(String[] args) {
    String tableName = "stickless-demo";
    try (LocalDynamoDb dynamoDb = LocalDynamoDb.start()) {
      System.out.println("1. Started the local DynamoDB (dynalite) at " + dynamoDb.endpoint());
      DynamoDbClient client = dynamoDb.client();

      DynamoDbTables.Outcome outcome =
          DynamoDbTables.prepare(client, TableSpec.of(tableName), TableMode.CREATE);
      System.out.println(
          "2. Table '" + tableName + "' (hash key 'key' S, TTL attribute 'ttl'): " + outcome);

      Instant now = Instant.now();
      long ttl = now.plusSeconds(1800).getEpochSecond();
      Map<String, AttributeValue> item =
          Map.of(
              "key", AttributeValue.fromS("cache:demo:greeting"),
              "v", AttributeValue.fromS("Hello from Stickless"),
              "ttl", AttributeValue.fromN(Long.toString(ttl)));
      client.putItem(b -> b.tableName(tableName).item(item));
      System.out.println(
          "3. Put item 'cache:demo:greeting' with ttl="
              + ttl
              + " ("
              + Instant.ofEpochSecond(ttl)
              + ")");

      GetItemResponse read =
          client.getItem(
              b ->
                  b.tableName(tableName)
                      .key(Map.of("key", AttributeValue.fromS("cache:demo:greeting")))
                      .consistentRead(true));
      long secondsLeft = Long.parseLong(read.item().get("ttl").n()) - now.getEpochSecond();
      System.out.println(
          "4. Read it back: v='"
              + read.item().get("v").s()
              + "', expires in "
              + secondsLeft
              + " s (every Stickless read checks ttl itself: DynamoDB deletes expired items late)");
      System.out.println("5. Stopped the local DynamoDB. Done.");
    }
  }
}
