package io.stickless.benchmarks.load;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/** A 2 KB item read with raw SDK calls: the baseline a session read is compared with. */
final class RawItem {

  static final int BYTES = 2000;

  private RawItem() {}

  /**
   * Writes a 2 KB item under {@code key} and returns what the store sends for a session read of it:
   * a strongly consistent {@code GetItem} with its capacity counted.
   */
  static GetItemRequest put(DynamoDbClient client, String table, String key) {
    byte[] payload = new byte[BYTES];
    ThreadLocalRandom.current().nextBytes(payload);
    client.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        "key", AttributeValue.fromS(key),
                        "v", AttributeValue.fromB(SdkBytes.fromByteArray(payload)))));
    return GetItemRequest.builder()
        .tableName(table)
        .key(Map.of("key", AttributeValue.fromS(key)))
        .consistentRead(true)
        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
        .build();
  }
}
