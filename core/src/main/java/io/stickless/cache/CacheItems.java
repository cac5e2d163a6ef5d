package io.stickless.cache;

import io.stickless.UnreadableValueException;
import io.stickless.internal.Expiry;
import io.stickless.internal.ItemSizes;
import io.stickless.internal.ValueEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item layout of cache entries, in one place: {@code <keyAttribute>} = {@code
 * cache:<name>:<encoded key>} (S), {@link #VALUE} = envelope-wrapped codec bytes (B), {@link
 * #COUNTER} = a counter's number (N), {@link #NONCE} = the nonce of an item written by {@code
 * putIfAbsent} (S), {@code <ttlAttribute>} = expiry in epoch seconds (N).
 */
final class CacheItems<K, V> {

  static final String VALUE = "v";
  static final String COUNTER = "n";

  /** A random string written by {@code putIfAbsent}, to recognise its own item after a retry. */
  static final String NONCE = "nonce";

  /**
   * Every attribute name the cache writes besides the key and TTL attributes: the one place that
   * reserves them, so a key or TTL attribute can never be configured onto one of them.
   */
  static final Set<String> RESERVED_ATTRIBUTES = Set.of(VALUE, COUNTER, NONCE);

  static final String KEY_PREFIX = "cache:";

  /** DynamoDB's limit for a partition key value. */
  static final int MAX_KEY_BYTES = 2048;

  private static final Logger log = LoggerFactory.getLogger(TtlCache.class);

  private final CacheConfig<K, V> config;
  private final StatsCounter stats;
  private final String prefix;

  CacheItems(CacheConfig<K, V> config, StatsCounter stats) {
    this.config = config;
    this.stats = stats;
    this.prefix = KEY_PREFIX + config.name() + ":";
  }

  /**
   * The name unless the cache uses it for itself.
   *
   * @throws IllegalArgumentException when {@code name} is one of {@link #RESERVED_ATTRIBUTES}
   */
  static String checkNotReserved(String name, String option) {
    if (RESERVED_ATTRIBUTES.contains(name)) {
      throw new IllegalArgumentException(
          option
              + " '"
              + name
              + "' clashes with an attribute name the cache uses for itself ("
              + String.join(", ", new TreeSet<>(RESERVED_ATTRIBUTES))
              + "): choose another name for the table's "
              + (option.startsWith("key") ? "hash key" : "TTL attribute"));
    }
    return name;
  }

  /** A live decoded value and the epoch second its item expires at. */
  record Live<V>(V value, long ttlEpochSecond) {}

  /** The stored key of a cache key, checked against DynamoDB's rules. */
  String storedKey(K key) {
    Objects.requireNonNull(key, "key");
    String encoded = config.keyCodec().encode(key);
    if (encoded == null) {
      throw new IllegalArgumentException(
          "The key codec encoded key '" + key + "' as null: a KeyCodec must return a string");
    }
    if (encoded.isEmpty()) {
      throw new IllegalArgumentException(
          "Cache key '" + key + "' encodes to an empty string: use a non-empty key");
    }
    String stored = prefix + encoded;
    int bad = unpairedSurrogate(stored);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "Cache key has an unpaired surrogate (char \\u"
              + String.format("%04X", (int) stored.charAt(bad))
              + " at index "
              + (bad - prefix.length())
              + " of the encoded key): DynamoDB keys must be well-formed UTF-16 text; use a"
              + " valid string or encode binary keys, e.g. as base64");
    }
    // a char is at most 3 UTF-8 bytes (a surrogate pair 4 for 2 chars): most keys need no count
    if (stored.length() * 3 <= MAX_KEY_BYTES) {
      return stored;
    }
    int bytes = stored.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "Cache key is too long: '"
              + abbreviate(stored)
              + "' is "
              + bytes
              + " bytes in UTF-8, DynamoDB allows "
              + MAX_KEY_BYTES
              + " for a key (prefix included): use a shorter key, e.g. a hash of it");
    }
    return stored;
  }

  /** The index of the first unpaired surrogate, or -1 when the string is well-formed UTF-16. */
  private static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  static Duration checkTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("TTL must be positive, was " + ttl);
    }
    return ttl;
  }

  long nowEpochSecond() {
    return config.clock().instant().getEpochSecond();
  }

  /** The first whole epoch second at or after now + ttl. */
  long expiryEpochSecond(Duration ttl) {
    Instant at = config.clock().instant().plus(ttl);
    return at.getNano() == 0 ? at.getEpochSecond() : at.getEpochSecond() + 1;
  }

  Map<String, AttributeValue> keyOf(String storedKey) {
    return Map.of(config.keyAttribute(), AttributeValue.fromS(storedKey));
  }

  /**
   * The item for a value.
   *
   * @throws ValueTooLargeException when it exceeds DynamoDB's item limit
   */
  Map<String, AttributeValue> item(String storedKey, V value, long ttlEpochSecond) {
    Objects.requireNonNull(value, "value");
    byte[] encoded = config.valueCodec().encode(value);
    Objects.requireNonNull(encoded, "the value codec returned null bytes");
    byte[] stored = ValueEnvelope.wrap(encoded, config.compressionThreshold());
    Map<String, AttributeValue> item = new HashMap<>(4);
    item.put(config.keyAttribute(), AttributeValue.fromS(storedKey));
    item.put(VALUE, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(stored)));
    item.put(config.ttlAttribute(), Expiry.ttlValue(ttlEpochSecond));
    checkSize(storedKey, item);
    return item;
  }

  /** The 400 KB guard: before any call, naming the key and the size. */
  static void checkSize(String storedKey, Map<String, AttributeValue> item) {
    long size = ItemSizes.itemSize(item);
    if (size > ItemSizes.MAX_ITEM_BYTES) {
      throw new ValueTooLargeException(storedKey, size, ItemSizes.MAX_ITEM_BYTES);
    }
  }

  /** A counter item holding {@code value}. */
  Map<String, AttributeValue> counterItem(String storedKey, long value, long ttlEpochSecond) {
    return Map.of(
        config.keyAttribute(),
        AttributeValue.fromS(storedKey),
        COUNTER,
        AttributeValue.fromN(Long.toString(value)),
        config.ttlAttribute(),
        Expiry.ttlValue(ttlEpochSecond));
  }

  /**
   * The decoded value of an item if it is live and readable; {@code null} for no item, an expired
   * item, an item without a value (a counter) or an unreadable value (WARN and counted).
   */
  @Nullable Live<V> live(String storedKey, @Nullable Map<String, AttributeValue> item, long now) {
    if (item == null || !Expiry.isLive(item, config.ttlAttribute(), now)) {
      return null;
    }
    AttributeValue v = item.get(VALUE);
    if (v == null || v.b() == null) {
      return null;
    }
    V value;
    try {
      value = config.valueCodec().decode(ValueEnvelope.unwrap(v.b().asByteArrayUnsafe()));
    } catch (RuntimeException e) {
      // UnreadableValueException by contract, but a custom codec may throw anything on bad bytes:
      // a value that cannot be read is a miss either way, never an error for the caller
      stats.unreadable();
      log.warn(
          "Cache '{}': entry '{}' is unreadable and counts as a miss: {}",
          config.name(),
          storedKey,
          e instanceof UnreadableValueException ? e.getMessage() : e.toString());
      return null;
    }
    if (value == null) {
      return null;
    }
    AttributeValue ttl = item.get(config.ttlAttribute());
    long ttlEpoch = ttl == null ? Long.MAX_VALUE : Long.parseLong(ttl.n());
    return new Live<>(value, ttlEpoch);
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
