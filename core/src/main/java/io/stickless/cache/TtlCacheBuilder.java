package io.stickless.cache;

import io.stickless.internal.ValueEnvelope;
import io.stickless.table.TableSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Configures and builds a {@link TtlCache}. Every option may be set at most once and is checked
 * when set; {@link #build()} copies the configuration, so a builder can build several caches (one
 * per node in a test, for instance).
 *
 * <pre>{@code
 * TtlCache<String, Profile> profiles = TtlCache.builder(dynamoDb, "app-cache")
 *     .name("profiles")
 *     .valueCodec(ValueCodec.json(Profile.class))
 *     .defaultTtl(Duration.ofMinutes(10))
 *     .nearCache(10_000, Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Options and their defaults</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>{@link #name(String)}</td><td>{@code default} (keys {@code cache:default:...})</td></tr>
 *   <tr><td>{@link #keyCodec(KeyCodec)}</td><td>{@link KeyCodec#string()}</td></tr>
 *   <tr><td>{@link #valueCodec(ValueCodec)}</td><td>{@link ValueCodec#string()}</td></tr>
 *   <tr><td>{@link #defaultTtl(Duration)}</td><td>1 hour</td></tr>
 *   <tr><td>{@link #nearCache(int, Duration)}</td><td>off</td></tr>
 *   <tr><td>{@link #consistentReads(boolean)}</td><td>{@code false} (eventually consistent)</td></tr>
 *   <tr><td>{@link #clock(Clock)}</td><td>{@link Clock#systemUTC()}</td></tr>
 *   <tr><td>{@link #keyAttribute(String)}</td><td>{@code key}</td></tr>
 *   <tr><td>{@link #ttlAttribute(String)}</td><td>{@code ttl}</td></tr>
 *   <tr><td>{@link #compressionThreshold(int)}</td><td>1024 bytes</td></tr>
 * </table>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TtlCacheBuilder<K, V> {

  /** The default TTL: one hour. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** The default cache name. */
  public static final String DEFAULT_NAME = "default";

  static final int MAX_NAME_LENGTH = 255;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  private final @Nullable DynamoDbClient client;
  private final String tableName;
  private final Set<String> set = new HashSet<>();

  private String name = DEFAULT_NAME;
  private KeyCodec<?> keyCodec = KeyCodec.string();
  private ValueCodec<?> valueCodec = ValueCodec.string();
  private Duration defaultTtl = DEFAULT_TTL;
  private int nearCacheMaxEntries;
  private Duration nearCacheMaxStaleness = Duration.ZERO;
  private boolean consistentReads;
  private Clock clock = Clock.systemUTC();
  private String keyAttribute = TableSpec.DEFAULT_KEY_ATTRIBUTE;
  private String ttlAttribute = TableSpec.DEFAULT_TTL_ATTRIBUTE;
  private int compressionThreshold = ValueEnvelope.DEFAULT_COMPRESSION_THRESHOLD;
  private @Nullable InMemoryStore inMemoryStore;

  private TtlCacheBuilder(@Nullable DynamoDbClient client, String tableName) {
    this.client = client;
    this.tableName = tableName;
  }

  static TtlCacheBuilder<String, String> forDynamoDb(DynamoDbClient client, String tableName) {
    Objects.requireNonNull(client, "dynamoDb");
    Objects.requireNonNull(tableName, "tableName");
    if (!TABLE_NAME.matcher(tableName).matches()) {
      throw new IllegalArgumentException(
          "Table name '"
              + tableName
              + "' is not a DynamoDB table name: use 3 to 255 of A-Z a-z 0-9 _ . -");
    }
    return new TtlCacheBuilder<>(client, tableName);
  }

  static TtlCacheBuilder<String, String> forInMemory() {
    return new TtlCacheBuilder<>(null, "in-memory");
  }

  /**
   * The cache's name: its entries are stored under {@code cache:<name>:}, so caches with different
   * names can share a table. Letters, digits, {@code _ . -}; at most 255 characters.
   *
   * @throws NullPointerException when {@code name} is null
   * @throws IllegalArgumentException when it is empty, too long or has other characters
   * @throws IllegalStateException when the name was already set
   */
  public TtlCacheBuilder<K, V> name(String name) {
    Objects.requireNonNull(name, "name");
    once("name");
    if (!NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "Cache name '"
              + name
              + "' is not valid: use 1 to "
              + MAX_NAME_LENGTH
              + " of A-Z a-z 0-9 _ . - (it becomes the key prefix cache:<name>:)");
    }
    this.name = name;
    return this;
  }

  /**
   * How keys become strings (default {@link KeyCodec#string()}).
   *
   * @throws IllegalStateException when the key codec was already set
   */
  @SuppressWarnings("unchecked")
  public <K2> TtlCacheBuilder<K2, V> keyCodec(KeyCodec<K2> keyCodec) {
    Objects.requireNonNull(keyCodec, "keyCodec");
    once("keyCodec");
    this.keyCodec = keyCodec;
    return (TtlCacheBuilder<K2, V>) this;
  }

  /**
   * How values become bytes (default {@link ValueCodec#string()}).
   *
   * @throws IllegalStateException when the value codec was already set
   */
  @SuppressWarnings("unchecked")
  public <V2> TtlCacheBuilder<K, V2> valueCodec(ValueCodec<V2> valueCodec) {
    Objects.requireNonNull(valueCodec, "valueCodec");
    once("valueCodec");
    this.valueCodec = valueCodec;
    return (TtlCacheBuilder<K, V2>) this;
  }

  /**
   * The TTL of entries stored by {@code put(key, value)}, {@code putAll} and {@code get(key,
   * loader)} (default 1 hour). Rounded up to whole seconds when stored.
   *
   * @throws IllegalArgumentException when it is zero or negative
   * @throws IllegalStateException when the default TTL was already set
   */
  public TtlCacheBuilder<K, V> defaultTtl(Duration defaultTtl) {
    once("defaultTtl");
    this.defaultTtl = CacheItems.checkTtl(defaultTtl);
    return this;
  }

  /**
   * Turns on a near cache in this JVM holding at most {@code maxEntries} values, each served for at
   * most {@code maxStaleness} after it was read or written here (and never past its TTL). This
   * node's own writes update it at once; another node's writes become visible here within {@code
   * maxStaleness}. Misses are not cached. Off by default.
   *
   * <p>With the system clock, staleness is measured with {@link System#nanoTime()}, read on every
   * hit, so an entry is never served past its deadline however busy the machine (no background
   * thread). With any other clock, every hit reads that clock, so moving a test's clock expires
   * entries exactly.
   *
   * @throws IllegalArgumentException when {@code maxEntries} is below 1 or {@code maxStaleness} is
   *     zero or negative
   * @throws IllegalStateException when the near cache was already configured
   */
  public TtlCacheBuilder<K, V> nearCache(int maxEntries, Duration maxStaleness) {
    Objects.requireNonNull(maxStaleness, "maxStaleness");
    once("nearCache");
    if (maxEntries < 1) {
      throw new IllegalArgumentException(
          "Near cache maxEntries must be at least 1, was " + maxEntries);
    }
    if (maxStaleness.isZero() || maxStaleness.isNegative()) {
      throw new IllegalArgumentException(
          "Near cache maxStaleness must be positive, was "
              + maxStaleness
              + " (to turn the near cache off, do not call nearCache)");
    }
    this.nearCacheMaxEntries = maxEntries;
    this.nearCacheMaxStaleness = maxStaleness;
    return this;
  }

  /**
   * Whether reads are strongly consistent (twice the read cost) rather than eventually consistent
   * (the default, {@code false}).
   *
   * @throws IllegalStateException when the option was already set
   */
  public TtlCacheBuilder<K, V> consistentReads(boolean consistentReads) {
    once("consistentReads");
    this.consistentReads = consistentReads;
    return this;
  }

  /**
   * The clock that decides expiry (default {@link Clock#systemUTC()}); tests pass a clock they
   * move.
   *
   * @throws IllegalStateException when the clock was already set
   */
  public TtlCacheBuilder<K, V> clock(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    once("clock");
    this.clock = clock;
    return this;
  }

  /**
   * The name of the table's hash key attribute, of type String (default {@code key}).
   *
   * @throws IllegalArgumentException when it is blank or one of the attributes the cache itself
   *     uses ({@code n}, {@code nonce}, {@code v})
   * @throws IllegalStateException when the option was already set
   */
  public TtlCacheBuilder<K, V> keyAttribute(String keyAttribute) {
    once("keyAttribute");
    this.keyAttribute = attributeName(keyAttribute, "keyAttribute");
    return this;
  }

  /**
   * The name of the table's TTL attribute, of type Number, epoch seconds (default {@code ttl}).
   *
   * @throws IllegalArgumentException when it is blank or one of the attributes the cache itself
   *     uses ({@code n}, {@code nonce}, {@code v})
   * @throws IllegalStateException when the option was already set
   */
  public TtlCacheBuilder<K, V> ttlAttribute(String ttlAttribute) {
    once("ttlAttribute");
    this.ttlAttribute = attributeName(ttlAttribute, "ttlAttribute");
    return this;
  }

  /**
   * Encoded values of at least this many bytes are deflated when that makes them smaller (default
   * 1024; DynamoDB bills writes per 1 KB). {@code Integer.MAX_VALUE} turns compression off.
   *
   * @throws IllegalArgumentException when it is negative
   * @throws IllegalStateException when the option was already set
   */
  public TtlCacheBuilder<K, V> compressionThreshold(int bytes) {
    once("compressionThreshold");
    if (bytes < 0) {
      throw new IllegalArgumentException("compressionThreshold must be >= 0, was " + bytes);
    }
    this.compressionThreshold = bytes;
    return this;
  }

  /** Lets in-memory caches built by tests share one store, as nodes share a table. */
  TtlCacheBuilder<K, V> inMemoryStore(InMemoryStore store) {
    this.inMemoryStore = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * A new cache with this configuration. Makes no DynamoDB call (the table is not checked here).
   *
   * @throws IllegalStateException when the key and TTL attributes have the same name
   */
  @SuppressWarnings("unchecked")
  public TtlCache<K, V> build() {
    if (keyAttribute.equals(ttlAttribute)) {
      throw new IllegalStateException(
          "keyAttribute and ttlAttribute are both '" + keyAttribute + "': give them other names");
    }
    CacheConfig<K, V> config =
        new CacheConfig<>(
            tableName,
            name,
            (KeyCodec<K>) keyCodec,
            (ValueCodec<V>) valueCodec,
            defaultTtl,
            nearCacheMaxEntries,
            nearCacheMaxStaleness,
            consistentReads,
            clock,
            keyAttribute,
            ttlAttribute,
            compressionThreshold);
    if (client == null) {
      InMemoryStore store = inMemoryStore != null ? inMemoryStore : new InMemoryStore();
      return new InMemoryTtlCache<>(config, store);
    }
    return new DynamoDbTtlCache<>(config, client);
  }

  private void once(String option) {
    if (!set.add(option)) {
      throw new IllegalStateException(
          option + " was already set on this builder: set each option once");
    }
  }

  private static String attributeName(String value, String option) {
    Objects.requireNonNull(value, option);
    if (value.isBlank() || value.length() > 255) {
      throw new IllegalArgumentException(
          option + " must be 1 to 255 characters and not blank, was '" + value + "'");
    }
    return CacheItems.checkNotReserved(value, option);
  }
}
