package io.stickless.cache;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class InMemoryTtlCacheTest extends TtlCacheContract {

  private final InMemoryStore store = new InMemoryStore();

  @Override
  TtlCacheBuilder<String, String> newBuilder() {
    return TtlCache.inMemory().inMemoryStore(store);
  }

  @Override
  void writeRaw(Map<String, AttributeValue> item) {
    store.items.put(item.get("key").s(), item);
  }

  @Override
  boolean backedByDynamoDb() {
    return false;
  }
}
