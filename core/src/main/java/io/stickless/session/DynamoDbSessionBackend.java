package io.stickless.session;

import io.stickless.DynamoDbUsage;
import io.stickless.internal.DynamoDbCalls;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

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
    return calls.getItem(
        GetItemRequest.builder()
            .tableName(table)
            .key(keyOf(key))
            .consistentRead(consistentReads)
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
  public boolean update(String key, Delta delta, long nowEpochSecond) {
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
    String expression =
        "SET "
            + String.join(", ", sets)
            + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
    try {
      calls.updateItem(
          UpdateItemRequest.builder()
              .tableName(table)
              .key(keyOf(key))
              .updateExpression(expression)
              .conditionExpression(condition)
              .expressionAttributeNames(names)
              .expressionAttributeValues(values)
              .build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public @Nullable Map<String, AttributeValue> delete(String key) {
    Map<String, AttributeValue> old =
        calls
            .deleteItem(
                DeleteItemRequest.builder()
                    .tableName(table)
                    .key(keyOf(key))
                    .returnValues(ReturnValue.ALL_OLD)
                    .build())
            .attributes();
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
              + " and name it with DynamoDbSessionStore.builder(...).principalIndexName(\"...\")");
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
