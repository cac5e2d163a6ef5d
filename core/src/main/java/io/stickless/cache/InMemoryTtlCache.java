package io.stickless.cache;

import io.stickless.DynamoDbUsage;
import io.stickless.internal.Expiry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link TtlCache} in a map, for users' unit tests: the same items, validation, size limit and
 * expiry check as on DynamoDB, and no near cache.
 */
final class InMemoryTtlCache<K, V> extends AbstractTtlCache<K, V> {

  private final Map<String, Map<String, AttributeValue>> store;

  InMemoryTtlCache(CacheConfig<K, V> config, InMemoryStore store) {
    super(config, false);
    this.store = store.items;
  }

  @Override
  @Nullable Map<String, AttributeValue> read(String storedKey) {
    return store.get(storedKey);
  }

  @Override
  Map<String, Map<String, AttributeValue>> readAll(List<String> storedKeys) {
    Map<String, Map<String, AttributeValue>> found = new HashMap<>();
    for (String key : storedKeys) {
      Map<String, AttributeValue> item = store.get(key);
      if (item != null) {
        found.put(key, item);
      }
    }
    return found;
  }

  @Override
  void write(Map<String, AttributeValue> item) {
    store.put(item.get(config.keyAttribute()).s(), Map.copyOf(item));
  }

  @Override
  void writeAll(List<Map<String, AttributeValue>> items) {
    items.forEach(this::write);
  }

  @Override
  boolean writeIfAbsent(Map<String, AttributeValue> item, long nowEpochSecond) {
    Map<String, AttributeValue> copy = Map.copyOf(item);
    boolean[] won = {false};
    store.compute(
        item.get(config.keyAttribute()).s(),
        (k, old) -> {
          if (old != null && Expiry.isLive(old, config.ttlAttribute(), nowEpochSecond)) {
            return old;
          }
          won[0] = true;
          return copy;
        });
    return won[0];
  }

  @Override
  void delete(String storedKey) {
    store.remove(storedKey);
  }

  @Override
  void deleteAll(List<String> storedKeys) {
    storedKeys.forEach(store::remove);
  }

  @Override
  long add(String storedKey, long delta, long ttlEpochSecond, long nowEpochSecond) {
    long[] result = new long[1];
    store.compute(
        storedKey,
        (k, old) -> {
          if (old == null || !Expiry.isLive(old, config.ttlAttribute(), nowEpochSecond)) {
            result[0] = delta;
            return items.counterItem(storedKey, delta, ttlEpochSecond);
          }
          Map<String, AttributeValue> next = new HashMap<>(old);
          AttributeValue n = old.get(CacheItems.COUNTER);
          result[0] = (n == null ? 0 : Long.parseLong(n.n())) + delta;
          next.put(CacheItems.COUNTER, AttributeValue.fromN(Long.toString(result[0])));
          next.putIfAbsent(config.ttlAttribute(), Expiry.ttlValue(ttlEpochSecond));
          return Map.copyOf(next);
        });
    return result[0];
  }

  @Override
  DynamoDbUsage usage() {
    return DynamoDbUsage.none();
  }
}
