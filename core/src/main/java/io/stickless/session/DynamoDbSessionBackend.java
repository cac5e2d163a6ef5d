package io.stickless.session;

import io.stickless.DynamoDbUsage;
import io.stickless.SticklessException;
import io.stickless.internal.DynamoDbCalls;
import io.stickless.internal.ItemSizes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/** Session items in a DynamoDB table, every call through {@link DynamoDbCalls}. */
final class DynamoDbSessionBackend implements SessionBackend {

  private final DynamoDbCalls calls;
  private final String table;
  private final String keyAttribute;
  private final String ttlAttribute;
  private final boolean consistentReads;
  private final @Nullable String principalIndexName;

  DynamoDbSessionBackend(
      DynamoDbCalls calls,
      String table,
      String keyAttribute,
      String ttlAttribute,
      boolean consistentReads,
      @Nullable String principalIndexName) {
    this.calls = calls;
    this.table = table;
    this.keyAttribute = keyAttribute;
    this.ttlAttribute = ttlAttribute;
    this.consistentReads = consistentReads;
    this.principalIndexName = principalIndexName;
  }

  @Override
  public @Nullable Map<String, AttributeValue> get(String key) {
    return get(key, consistentReads);
  }

  @Override
  public @Nullable Map<String, AttributeValue> get(String key, boolean consistent) {
    return calls.getItem(
        GetItemRequest.builder()
            .tableName(table)
            .key(keyOf(key))
            .consistentRead(consistent)
            .build());
  }

  @Override
  public boolean putIfAbsent(Map<String, AttributeValue> item) {
    try {
      calls.putItem(
          PutItemRequest.builder()
              .tableName(table)
              .item(item)
              .conditionExpression("attribute_not_exists(#k)")
              .expressionAttributeNames(Map.of("#k", keyAttribute))
              .build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public long update(String key, Delta delta, long nowEpochSecond) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> sets = new ArrayList<>();
    List<String> removes = new ArrayList<>();
    names.put("#k", keyAttribute);
    names.put("#ttl", ttlAttribute);
    values.put(":now", AttributeValue.fromN(Long.toString(nowEpochSecond)));
    int n = 0;
    for (Map.Entry<String, AttributeValue> f : delta.fields().entrySet()) {
      String name = f.getKey().equals(ttlAttribute) ? "#ttl" : "#f" + n;
      names.put(name, f.getKey());
      values.put(":f" + n, f.getValue());
      sets.add(name + " = :f" + n);
      n++;
    }
    boolean touchesAttrs =
        !delta.setAttributes().isEmpty()
            || !delta.removeAttributes().isEmpty()
            || delta.replaceAttributes() != null;
    if (touchesAttrs) {
      names.put("#attrs", SessionItems.ATTRIBUTES);
    }
    if (delta.replaceAttributes() != null) {
      values.put(":attrs", AttributeValue.fromM(delta.replaceAttributes()));
      sets.add("#attrs = :attrs");
    } else {
      int a = 0;
      for (Map.Entry<String, AttributeValue> e : delta.setAttributes().entrySet()) {
        names.put("#a" + a, e.getKey());
        values.put(":a" + a, e.getValue());
        sets.add("#attrs.#a" + a + " = :a" + a);
        a++;
      }
      for (String removed : delta.removeAttributes()) {
        names.put("#a" + a, removed);
        removes.add("#attrs.#a" + a);
        a++;
      }
    }
    if (delta.removePrincipal()) {
      names.put("#principal", SessionItems.PRINCIPAL);
      removes.add("#principal");
    }
    String condition = "attribute_exists(#k) AND #ttl > :now";
    if (delta.bumpVersion() || delta.expectedVersion() != null) {
      names.put("#ver", SessionItems.VERSION);
    }
    if (delta.bumpVersion()) {
      values.put(":zero", AttributeValue.fromN("0"));
      values.put(":one", AttributeValue.fromN("1"));
      sets.add("#ver = if_not_exists(#ver, :zero) + :one");
    }
    if (delta.expectedVersion() != null) {
      values.put(":expected", AttributeValue.fromN(Long.toString(delta.expectedVersion())));
      condition += " AND #ver = :expected";
    }
    if (delta.expectedIdle() != null) {
      names.put("#idle", SessionItems.IDLE);
      values.put(":readIdle", AttributeValue.fromN(Long.toString(delta.expectedIdle())));
      condition += " AND #idle = :readIdle";
    }
    String expression =
        (sets.isEmpty() ? "" : "SET " + String.join(", ", sets))
            + (removes.isEmpty()
                ? ""
                : (sets.isEmpty() ? "" : " ") + "REMOVE " + String.join(", ", removes));
    try {
      UpdateItemResponse response =
          calls.updateItem(
              UpdateItemRequest.builder()
                  .tableName(table)
                  .key(keyOf(key))
                  .updateExpression(expression)
                  .conditionExpression(condition)
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values)
                  // the version this write made (others may bump it too): no extra capacity
                  .returnValues(delta.bumpVersion() ? ReturnValue.UPDATED_NEW : ReturnValue.NONE)
                  .build());
      if (!delta.bumpVersion()) {
        return VERSION_UNCHANGED;
      }
      Long version =
          response.hasAttributes()
              ? SessionItems.numberOf(response.attributes(), SessionItems.VERSION)
              : null;
      return version != null ? version : VERSION_UNCHANGED;
    } catch (ConditionalCheckFailedException e) {
      return NOT_APPLIED;
    } catch (SticklessException e) {
      if (e.getCause() instanceof DynamoDbException d
          && d.awsErrorDetails() != null
          && "ValidationException".equals(d.awsErrorDetails().errorCode())
          && String.valueOf(d.awsErrorDetails().errorMessage())
              .toLowerCase(Locale.ROOT)
              .contains("item size")) {
        throw tooLarge(-1);
      }
      throw e;
    }
  }

  /** The exception for an update DynamoDB refused because the item would pass 400 KB. */
  static SessionTooLargeException tooLarge(long size) {
    return new SessionTooLargeException(
        "Session item would "
            + (size < 0 ? "grow past" : "be " + size + " bytes, above")
            + " DynamoDB's item limit of "
            + ItemSizes.MAX_ITEM_BYTES
            + " bytes with this update (other requests may have added attributes since this one"
            + " read it). Nothing was written: keep large data out of the session (cache, S3) and"
            + " store a reference instead");
  }

  @Override
  public @Nullable Map<String, AttributeValue> deleteIfVersion(String key, long expectedVersion) {
    try {
      return delete(
          DeleteItemRequest.builder()
              .tableName(table)
              .key(keyOf(key))
              .conditionExpression("#ver = :expected")
              .expressionAttributeNames(Map.of("#ver", SessionItems.VERSION))
              .expressionAttributeValues(
                  Map.of(":expected", AttributeValue.fromN(Long.toString(expectedVersion))))
              .returnValues(ReturnValue.ALL_OLD)
              .build());
    } catch (ConditionalCheckFailedException e) {
      return null;
    }
  }

  @Override
  public @Nullable Map<String, AttributeValue> delete(String key) {
    return delete(
        DeleteItemRequest.builder()
            .tableName(table)
            .key(keyOf(key))
            .returnValues(ReturnValue.ALL_OLD)
            .build());
  }

  private @Nullable Map<String, AttributeValue> delete(DeleteItemRequest request) {
    Map<String, AttributeValue> old = calls.deleteItem(request).attributes();
    return old == null || old.isEmpty() ? null : old;
  }

  @Override
  public List<Map<String, AttributeValue>> findByPrincipal(String principal) {
    if (principalIndexName == null) {
      throw new IllegalStateException(
          "findByPrincipal needs a global secondary index on the '"
              + SessionItems.PRINCIPAL
              + "' attribute of table '"
              + table
              + "': create one (hash key principal (S), projection KEYS_ONLY, see docs/sessions.md)"
              + " and name it with SessionStore.builder(...).principalIndexName(\"...\")");
    }
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest.Builder query =
          QueryRequest.builder()
              .tableName(table)
              .indexName(principalIndexName)
              .keyConditionExpression("#p = :p")
              .expressionAttributeNames(Map.of("#p", SessionItems.PRINCIPAL))
              .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(principal)));
      if (start != null) {
        query.exclusiveStartKey(start);
      }
      QueryResponse page = calls.query(query.build());
      for (Map<String, AttributeValue> item : page.items()) {
        AttributeValue key = item.get(keyAttribute);
        if (key != null) {
          keys.add(Map.of(keyAttribute, key));
        }
      }
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    // the index holds keys only; the items come strongly consistent from the table
    return keys.isEmpty() ? List.of() : calls.batchGet(table, keys, consistentReads);
  }

  @Override
  public DynamoDbUsage usage() {
    return calls.usage().snapshot();
  }

  private Map<String, AttributeValue> keyOf(String key) {
    return Map.of(keyAttribute, AttributeValue.fromS(key));
  }
}
