package io.stickless.cache;

import io.stickless.DynamoDbUsage;
import io.stickless.SticklessException;
import io.stickless.internal.DynamoDbCalls;
import io.stickless.internal.Expiry;
import io.stickless.internal.UsageRecorder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link TtlCache} on a DynamoDB table, every call through {@link DynamoDbCalls}. */
final class DynamoDbTtlCache<K, V> extends AbstractTtlCache<K, V> {

  /** Rounds of "update failed: expired; reset failed: changed meanwhile" before giving up. */
  static final int MAX_INCREMENT_ATTEMPTS = 5;

  private final DynamoDbCalls calls;
  private final String table;
  private final Map<String, String> keyAndTtlNames;

  DynamoDbTtlCache(CacheConfig<K, V> config, DynamoDbClient client) {
    super(config, true);
    this.calls = new DynamoDbCalls(client, new UsageRecorder());
    this.table = config.tableName();
    this.keyAndTtlNames = Map.of("#k", config.keyAttribute(), "#t", config.ttlAttribute());
  }

  @Override
  @Nullable Map<String, AttributeValue> read(String storedKey) {
    return calls.getItem(
        GetItemRequest.builder()
            .tableName(table)
            .key(items.keyOf(storedKey))
            .consistentRead(config.consistentReads())
            .build());
  }

  @Override
  Map<String, Map<String, AttributeValue>> readAll(List<String> storedKeys) {
    List<Map<String, AttributeValue>> keys = storedKeys.stream().map(items::keyOf).toList();
    Map<String, Map<String, AttributeValue>> byKey = new HashMap<>();
    for (Map<String, AttributeValue> item : calls.batchGet(table, keys, config.consistentReads())) {
      byKey.put(item.get(config.keyAttribute()).s(), item);
    }
    return byKey;
  }

  @Override
  void write(Map<String, AttributeValue> item) {
    calls.putItem(PutItemRequest.builder().tableName(table).item(item).build());
  }

  @Override
  void writeAll(List<Map<String, AttributeValue>> items) {
    calls.batchWrite(
        table,
        items.stream()
            .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()))
            .map(WriteRequest.Builder::build)
            .toList());
  }

  @Override
  boolean writeIfAbsent(Map<String, AttributeValue> item, long nowEpochSecond) {
    // The nonce tells this call's own item apart: when the SDK retries a put whose first attempt
    // succeeded but whose response was lost, the retry fails its condition against our own item.
    AttributeValue nonce = AttributeValue.fromS(UUID.randomUUID().toString());
    Map<String, AttributeValue> withNonce = new HashMap<>(item);
    withNonce.put(CacheItems.NONCE, nonce);
    CacheItems.checkSize(item.get(config.keyAttribute()).s(), withNonce);
    try {
      calls.putItem(
          PutItemRequest.builder()
              .tableName(table)
              .item(withNonce)
              .conditionExpression("attribute_not_exists(#k) OR #t <= :now")
              .expressionAttributeNames(keyAndTtlNames)
              .expressionAttributeValues(Map.of(":now", Expiry.ttlValue(nowEpochSecond)))
              .build());
      return true;
    } catch (ConditionalCheckFailedException liveItemThere) {
      // rare (a contested key), so one more read is cheap; consistent, as the put may be recent
      Map<String, AttributeValue> current =
          calls.getItem(
              GetItemRequest.builder()
                  .tableName(table)
                  .key(items.keyOf(item.get(config.keyAttribute()).s()))
                  .consistentRead(true)
                  .build());
      return current != null && nonce.equals(current.get(CacheItems.NONCE));
    }
  }

  @Override
  void delete(String storedKey) {
    calls.deleteItem(
        DeleteItemRequest.builder().tableName(table).key(items.keyOf(storedKey)).build());
  }

  @Override
  void deleteAll(List<String> storedKeys) {
    calls.batchWrite(
        table,
        storedKeys.stream()
            .map(
                k ->
                    WriteRequest.builder()
                        .deleteRequest(DeleteRequest.builder().key(items.keyOf(k)).build())
                        .build())
            .toList());
  }

  /**
   * ADD on a live or absent counter; the TTL is set only when the item has none, so increments
   * never extend it. An expired counter DynamoDB has not deleted yet fails that condition and is
   * replaced by a fresh one, conditioned on it still being expired (another node may have reset it
   * first, in which case the ADD is tried again).
   */
  @Override
  long add(String storedKey, long delta, long ttlEpochSecond, long nowEpochSecond) {
    Map<String, AttributeValue> values =
        Map.of(
            ":d", AttributeValue.fromN(Long.toString(delta)),
            ":ttl", Expiry.ttlValue(ttlEpochSecond),
            ":now", Expiry.ttlValue(nowEpochSecond));
    Map<String, String> names = new HashMap<>(keyAndTtlNames);
    names.put("#n", CacheItems.COUNTER);
    for (int attempt = 1; attempt <= MAX_INCREMENT_ATTEMPTS; attempt++) {
      try {
        Map<String, AttributeValue> updated =
            calls
                .updateItem(
                    UpdateItemRequest.builder()
                        .tableName(table)
                        .key(items.keyOf(storedKey))
                        .updateExpression("ADD #n :d SET #t = if_not_exists(#t, :ttl)")
                        .conditionExpression(
                            "attribute_not_exists(#k) OR attribute_not_exists(#t) OR #t > :now")
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.UPDATED_NEW)
                        .build())
                .attributes();
        return Long.parseLong(updated.get(CacheItems.COUNTER).n());
      } catch (ConditionalCheckFailedException expired) {
        try {
          calls.putItem(
              PutItemRequest.builder()
                  .tableName(table)
                  .item(items.counterItem(storedKey, delta, ttlEpochSecond))
                  .conditionExpression("#t <= :now")
                  .expressionAttributeNames(Map.of("#t", config.ttlAttribute()))
                  .expressionAttributeValues(Map.of(":now", Expiry.ttlValue(nowEpochSecond)))
                  .build());
          return delta;
        } catch (ConditionalCheckFailedException resetByAnotherCaller) {
          // the counter was reset or removed meanwhile: add to that one
        }
      }
    }
    throw new SticklessException(
        "Cache '"
            + config.name()
            + "': counter '"
            + storedKey
            + "' changed under "
            + MAX_INCREMENT_ATTEMPTS
            + " attempts to increment it; try again");
  }

  @Override
  DynamoDbUsage usage() {
    return calls.usage().snapshot();
  }
}
