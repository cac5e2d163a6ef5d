package io.stickless.session;

import io.stickless.DynamoDbUsage;
import io.stickless.DynamoDbUsage.Operation;
import io.stickless.internal.Expiry;
import io.stickless.internal.ItemSizes;
import io.stickless.internal.UsageRecorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items in a map, with DynamoDB's conditions and billing: each operation counts as the call
 * DynamoDB would get and the capacity it would bill (reads per 4 KB, strongly consistent; writes
 * per 1 KB of the whole item). Expired items stay until a sweep removes them, as DynamoDB's TTL
 * process does days late.
 */
final class InMemorySessionBackend implements SessionBackend {

  /** The items; shared by the "nodes" of a test. */
  final ConcurrentMap<String, Map<String, AttributeValue>> items;

  private final String keyAttribute;
  private final String ttlAttribute;
  private final UsageRecorder usage = new UsageRecorder();

  InMemorySessionBackend(
      ConcurrentMap<String, Map<String, AttributeValue>> items,
      String keyAttribute,
      String ttlAttribute) {
    this.items = items;
    this.keyAttribute = keyAttribute;
    this.ttlAttribute = ttlAttribute;
  }

  static ConcurrentMap<String, Map<String, AttributeValue>> newTable() {
    return new ConcurrentHashMap<>();
  }

  @Override
  public @Nullable Map<String, AttributeValue> get(String key) {
    Map<String, AttributeValue> item = items.get(key);
    read(item);
    return item;
  }

  @Override
  public boolean putIfAbsent(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> copy = Map.copyOf(item);
    boolean absent = items.putIfAbsent(item.get(keyAttribute).s(), copy) == null;
    write(Operation.PUT_ITEM, copy);
    return absent;
  }

  @Override
  public long update(String key, Delta delta, long nowEpochSecond) {
    long[] applied = {NOT_APPLIED};
    Map<String, AttributeValue> after =
        items.computeIfPresent(
            key,
            (k, item) -> {
              if (!Expiry.isLive(item, ttlAttribute, nowEpochSecond)
                  || item.get(ttlAttribute) == null) {
                return item;
              }
              long version = Long.parseLong(item.get(SessionItems.VERSION).n());
              if (delta.expectedVersion() != null && delta.expectedVersion() != version) {
                return item;
              }
              AttributeValue idle = item.get(SessionItems.IDLE);
              if (delta.expectedIdle() != null
                  && (idle == null || !delta.expectedIdle().toString().equals(idle.n()))) {
                return item;
              }
              Map<String, AttributeValue> next = new LinkedHashMap<>(item);
              next.putAll(delta.fields());
              Map<String, AttributeValue> attrs =
                  new LinkedHashMap<>(item.get(SessionItems.ATTRIBUTES).m());
              attrs.putAll(delta.setAttributes());
              attrs.keySet().removeAll(delta.removeAttributes());
              if (delta.replaceAttributes() != null) {
                attrs = new LinkedHashMap<>(delta.replaceAttributes());
              }
              next.put(SessionItems.ATTRIBUTES, AttributeValue.fromM(attrs));
              if (delta.removePrincipal()) {
                next.remove(SessionItems.PRINCIPAL);
              }
              long bumped = VERSION_UNCHANGED;
              if (delta.bumpVersion()) {
                bumped = version + 1;
                next.put(SessionItems.VERSION, AttributeValue.fromN(Long.toString(bumped)));
              }
              if (ItemSizes.itemSize(next) > ItemSizes.MAX_ITEM_BYTES) {
                // DynamoDB answers a ValidationException and writes nothing
                throw DynamoDbSessionBackend.tooLarge(ItemSizes.itemSize(next));
              }
              applied[0] = bumped;
              return Map.copyOf(next);
            });
    write(Operation.UPDATE_ITEM, after);
    return applied[0];
  }

  @Override
  public @Nullable Map<String, AttributeValue> delete(String key) {
    Map<String, AttributeValue> old = items.remove(key);
    write(Operation.DELETE_ITEM, old);
    return old;
  }

  @Override
  public @Nullable Map<String, AttributeValue> deleteIfVersion(String key, long expectedVersion) {
    AtomicReference<@Nullable Map<String, AttributeValue>> deleted = new AtomicReference<>();
    items.computeIfPresent(
        key,
        (k, item) -> {
          AttributeValue ver = item.get(SessionItems.VERSION);
          if (ver != null && Long.toString(expectedVersion).equals(ver.n())) {
            deleted.set(item);
            return null;
          }
          return item;
        });
    Map<String, AttributeValue> gone = deleted.get();
    write(Operation.DELETE_ITEM, gone != null ? gone : items.get(key));
    return gone;
  }

  @Override
  public List<Map<String, AttributeValue>> findByPrincipal(String principal) {
    List<Map<String, AttributeValue>> found = new ArrayList<>();
    double units = 0;
    for (Map<String, AttributeValue> item : items.values()) {
      AttributeValue p = item.get(SessionItems.PRINCIPAL);
      if (p != null && principal.equals(p.s())) {
        found.add(item);
        units += units(item, 4096);
      }
    }
    usage.simulated(Operation.QUERY, units, false);
    return found;
  }

  /**
   * Removes items whose TTL has passed, as DynamoDB's TTL process does (later); not a call, not
   * counted.
   */
  void removeExpired(long nowEpochSecond) {
    items.values().removeIf(item -> !Expiry.isLive(item, ttlAttribute, nowEpochSecond));
  }

  @Override
  public DynamoDbUsage usage() {
    return usage.snapshot();
  }

  private void read(@Nullable Map<String, AttributeValue> item) {
    usage.simulated(Operation.GET_ITEM, units(item, 4096), false);
  }

  private void write(Operation operation, @Nullable Map<String, AttributeValue> item) {
    usage.simulated(operation, units(item, 1024), true);
  }

  private static double units(@Nullable Map<String, AttributeValue> item, int unitBytes) {
    long size = item == null ? 0 : ItemSizes.itemSize(item);
    return Math.max(1, (size + unitBytes - 1) / unitBytes);
  }
}
