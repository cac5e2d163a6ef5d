package io.stickless.cache;

import io.stickless.internal.ItemSizeListeners;
import io.stickless.internal.ValueEnvelope;
import io.stickless.table.TableSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
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
 *   <tr><td>{@link #failOpen(boolean)}</td><td>{@code true}</td></tr>
 *   <tr><td>{@link #addItemSizeListener(LongConsumer)}</td><td>none</td></tr>
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

  private final @Nullable DynamoDbClient client;

  /** Checks the table and attribute names by {@link TableSpec}'s rules, the one place for them. */
  private final TableSpec.Builder table;

  /** Whether the attribute names came with a {@link TableSpec} (and cannot be set here). */
  private final boolean attributesFromSpec;

  private final Set<String> set = new HashSet<>();

  private String name = DEFAULT_NAME;
  private KeyCodec<?> keyCodec = KeyCodec.string();
  private ValueCodec<?> valueCodec = ValueCodec.string();
  private Duration defaultTtl = DEFAULT_TTL;
  private int nearCacheMaxEntries;
  private Duration nearCacheMaxStaleness = Duration.ZERO;
  private boolean consistentReads;
  private Clock clock = Clock.systemUTC();
  private int compressionThreshold = ValueEnvelope.DEFAULT_COMPRESSION_THRESHOLD;
  private boolean failOpen = true;
  private final List<LongConsumer> itemSizeListeners = new ArrayList<>();
  private @Nullable InMemoryStore inMemoryStore;

  private TtlCacheBuilder(
      @Nullable DynamoDbClient client, TableSpec.Builder table, boolean attributesFromSpec) {
    this.client = client;
    this.table = table;
    this.attributesFromSpec = attributesFromSpec;
  }

  static TtlCacheBuilder<String, String> forDynamoDb(DynamoDbClient client, String tableName) {
    Objects.requireNonNull(client, "dynamoDb");
    return new TtlCacheBuilder<>(client, TableSpec.builder(tableName), false);
  }

  static TtlCacheBuilder<String, String> forDynamoDb(DynamoDbClient client, TableSpec spec) {
    Objects.requireNonNull(client, "dynamoDb");
    Objects.requireNonNull(spec, "table");
    CacheItems.checkNotReserved(spec.keyAttribute(), "keyAttribute");
    CacheItems.checkNotReserved(spec.ttlAttribute(), "ttlAttribute");
    TableSpec.Builder table =
        TableSpec.builder(spec.tableName())
            .keyAttribute(spec.keyAttribute())
            .ttlAttribute(spec.ttlAttribute());
    return new TtlCacheBuilder<>(client, table, true);
  }

  static TtlCacheBuilder<String, String> forInMemory() {
    return new TtlCacheBuilder<>(null, TableSpec.builder("in-memory"), false);
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
   * The name of the table's hash key attribute, of type String (default {@code key}). Checked by
   * the rules of {@link TableSpec.Builder#keyAttribute(String)}.
   *
   * @throws NullPointerException when {@code keyAttribute} is null
   * @throws IllegalArgumentException when it is blank, longer than 255 bytes, or one of the
   *     attributes the cache itself uses ({@code n}, {@code nonce}, {@code v})
   * @throws IllegalStateException when the option was already set, or the builder was made with a
   *     {@link TableSpec} (set it on the spec)
   */
  public TtlCacheBuilder<K, V> keyAttribute(String keyAttribute) {
    Objects.requireNonNull(keyAttribute, "keyAttribute");
    attributeOnce("keyAttribute");
    table.keyAttribute(CacheItems.checkNotReserved(keyAttribute, "keyAttribute"));
    return this;
  }

  /**
   * The name of the table's TTL attribute, of type Number, epoch seconds (default {@code ttl}).
   * Checked by the rules of {@link TableSpec.Builder#ttlAttribute(String)}.
   *
   * @throws NullPointerException when {@code ttlAttribute} is null
   * @throws IllegalArgumentException when it is blank, longer than 255 bytes, or one of the
   *     attributes the cache itself uses ({@code n}, {@code nonce}, {@code v})
   * @throws IllegalStateException when the option was already set, or the builder was made with a
   *     {@link TableSpec} (set it on the spec)
   */
  public TtlCacheBuilder<K, V> ttlAttribute(String ttlAttribute) {
    Objects.requireNonNull(ttlAttribute, "ttlAttribute");
    attributeOnce("ttlAttribute");
    table.ttlAttribute(CacheItems.checkNotReserved(ttlAttribute, "ttlAttribute"));
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

  /**
   * Whether the cache keeps the application running while DynamoDB is unavailable (default {@code
   * true}). Fail-open: {@code getIfPresent} and {@code getAll} answer absent for what the near
   * cache does not hold, {@code get(key, loader)} returns the loader's value, and {@code put},
   * {@code putAll}, {@code invalidate} and {@code invalidateAll} are skipped; each is counted
   * ({@link CacheStats#unavailableReads()}, {@link CacheStats#skippedWrites()}) and the outage is
   * logged once (WARN, and INFO when DynamoDB answers again). {@code putIfAbsent} and {@code
   * increment} decide something only DynamoDB can decide, so they always throw {@link
   * io.stickless.BackendUnavailableException}. With {@code false}, every operation throws it.
   *
   * <p>"Unavailable" means unreachable, not answering in time, answering 5xx, or throttling beyond
   * the SDK's retries; a request DynamoDB rejects (a missing table, a wrong key schema) always
   * throws.
   *
   * @throws IllegalStateException when the option was already set
   */
  public TtlCacheBuilder<K, V> failOpen(boolean failOpen) {
    once("failOpen");
    this.failOpen = failOpen;
    return this;
  }

  /**
   * Adds a listener told the size in bytes (as DynamoDB counts it against its 400 KB item limit and
   * bills writes by: key, encoded value, TTL) of each entry the cache writes: by {@code put},
   * {@code putAll}, a stored load of {@code get(key, loader)}, and a {@code putIfAbsent} that
   * stored its value (whose item also carries a 36-character nonce, not counted). Counters ({@code
   * increment}) are not told. The size is the one the cache computes anyway for the 400 KB guard;
   * an in-memory cache computes it the same way. Called on the writing thread after the write: keep
   * it quick. A listener that throws is logged (WARN) and does not fail the write. Unlike the other
   * options this one may be called more than once: every listener is told. {@link
   * io.stickless.micrometer.ItemSizeMetrics} records the sizes as a Micrometer distribution
   * summary:
   *
   * <pre>{@code
   * ItemSizeMetrics sizes = new ItemSizeMetrics(Tags.empty());
   * TtlCache<String, String> profiles = TtlCache.builder(dynamoDb, "app-table")
   *     .name("profiles")
   *     .addItemSizeListener(sizes.cache("profiles"))
   *     .build();
   * sizes.bindTo(registry);
   * }</pre>
   *
   * @throws NullPointerException when {@code listener} is null
   */
  public TtlCacheBuilder<K, V> addItemSizeListener(LongConsumer listener) {
    itemSizeListeners.add(Objects.requireNonNull(listener, "listener"));
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
   * @throws IllegalArgumentException when the key and TTL attributes have the same name (as {@link
   *     TableSpec.Builder#build()})
   */
  @SuppressWarnings("unchecked")
  public TtlCache<K, V> build() {
    TableSpec spec = table.build();
    CacheConfig<K, V> config =
        new CacheConfig<>(
            spec.tableName(),
            name,
            (KeyCodec<K>) keyCodec,
            (ValueCodec<V>) valueCodec,
            defaultTtl,
            nearCacheMaxEntries,
            nearCacheMaxStaleness,
            consistentReads,
            clock,
            spec.keyAttribute(),
            spec.ttlAttribute(),
            compressionThreshold,
            failOpen,
            new ItemSizeListeners(itemSizeListeners));
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

  private void attributeOnce(String option) {
    if (attributesFromSpec) {
      throw new IllegalStateException(
          option
              + " comes from the TableSpec this builder was made with: set it on"
              + " TableSpec.builder(...) instead");
    }
    once(option);
  }
}
