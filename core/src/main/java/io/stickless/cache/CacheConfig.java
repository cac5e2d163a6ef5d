package io.stickless.cache;

import io.stickless.internal.ItemSizeListeners;
import java.time.Clock;
import java.time.Duration;

/** The immutable configuration a {@link TtlCacheBuilder} hands to an implementation. */
record CacheConfig<K, V>(
    String tableName,
    String name,
    KeyCodec<K> keyCodec,
    ValueCodec<V> valueCodec,
    Duration defaultTtl,
    int nearCacheMaxEntries,
    Duration nearCacheMaxStaleness,
    boolean consistentReads,
    Clock clock,
    String keyAttribute,
    String ttlAttribute,
    int compressionThreshold,
    boolean failOpen,
    ItemSizeListeners itemSizeListeners) {

  boolean nearCacheEnabled() {
    return nearCacheMaxEntries > 0;
  }
}
