package io.stickless.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A cache whose entries expire after a time-to-live, stored in a DynamoDB table shared by every
 * node of an application, optionally fronted by a bounded in-process near cache.
 *
 * <pre>{@code
 * TtlCache<String, Profile> profiles = TtlCache.builder(dynamoDb, "app-cache")
 *     .name("profiles")
 *     .valueCodec(ValueCodec.json(Profile.class))
 *     .defaultTtl(Duration.ofMinutes(10))
 *     .nearCache(10_000, Duration.ofSeconds(5))
 *     .build();
 * Profile p = profiles.get("u-42", id -> loadProfile(id)); // one load per key per JVM at a time
 * }</pre>
 *
 * <h2>Storage</h2>
 *
 * Each entry is one item: the key attribute (default {@code key}) holds {@code
 * cache:<name>:<encoded key>}, {@code v} the encoded value (Binary), the TTL attribute (default
 * {@code ttl}) the expiry in epoch seconds. Counters made by {@link #increment} keep their number
 * in {@code n} (Number) instead of {@code v}; reading a counter's key with {@link #getIfPresent}
 * answers {@code null}. An entry written by {@link #putIfAbsent} also carries a random {@code
 * nonce} (String). The names {@code v}, {@code n} and {@code nonce} are the cache's own: the key
 * and TTL attributes cannot take them. TTLs have a granularity of one second: an entry expires at
 * the first whole second at or after {@code now + ttl}.
 *
 * <h2>Expiry</h2>
 *
 * An expired entry is never returned and counts as absent (for {@link #putIfAbsent} and {@link
 * #increment} too), although DynamoDB deletes expired items only eventually (typically within two
 * days) and emulators never do.
 *
 * <h2>Consistency</h2>
 *
 * Reads are eventually consistent by default (half the read cost; a write is usually visible to
 * every node within a second); {@link TtlCacheBuilder#consistentReads(boolean)} makes them strongly
 * consistent. With a near cache, this node's own {@code put}, {@code putIfAbsent}, {@code
 * invalidate} and {@code increment} take effect in its near cache at once, but another node may go
 * on seeing its near-cached value for up to the configured maximum staleness after a change (and an
 * entry never outlives its TTL). Staleness counts from when this node started the read that brought
 * the value (or the write that stored it), not from when the answer arrived, so a slow read does
 * not stretch it. Values served from the near cache are the same instances every time: treat cached
 * values as immutable.
 *
 * <h2>Errors</h2>
 *
 * Misuse fails before any DynamoDB call with a JDK exception: {@code NullPointerException} for a
 * null key, value or TTL; {@code IllegalArgumentException} for an empty key, a key longer than
 * DynamoDB's 2048-byte key limit or not well-formed UTF-16 (an unpaired surrogate), or a TTL that
 * is zero or negative. An entry larger than DynamoDB's 400 KB item limit fails with a {@link
 * ValueTooLargeException}. DynamoDB being unreachable or throttled surfaces as {@link
 * io.stickless.BackendUnavailableException}. A stored value that cannot be decoded (class gone or
 * not on the allow-list, corrupt bytes) is a miss, logged once per read at WARN and counted in
 * {@link CacheStats#unreadableValues()}.
 *
 * <p>Implementations are thread-safe.
 *
 * @param <K> the key type, turned into a string by a {@link KeyCodec}
 * @param <V> the value type, turned into bytes by a {@link ValueCodec}
 */
public interface TtlCache<K, V> {

  /**
   * A builder of a cache stored in the given DynamoDB table (hash key {@code key} of type String by
   * default). The client is the caller's: the cache never closes it. The builder starts with {@link
   * KeyCodec#string()} and {@link ValueCodec#string()}; set others to change its types.
   *
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the table name is blank
   */
  static TtlCacheBuilder<String, String> builder(DynamoDbClient dynamoDb, String tableName) {
    return TtlCacheBuilder.forDynamoDb(dynamoDb, tableName);
  }

  /**
   * A builder of an in-memory cache with the same contract (validation, codecs, size limit, expiry
   * by the configured {@code Clock}), for tests of code that uses a {@code TtlCache}. It makes no
   * DynamoDB call; the table-related options (attribute names, consistent reads, near cache) are
   * accepted and have no effect.
   */
  static TtlCacheBuilder<String, String> inMemory() {
    return TtlCacheBuilder.forInMemory();
  }

  /**
   * The live value for the key, or {@code null} when there is none or it has expired. One {@code
   * GetItem} unless the near cache holds the key.
   *
   * @throws NullPointerException when the key is null
   * @throws IllegalArgumentException when the encoded key is empty or too long
   */
  @Nullable V getIfPresent(K key);

  /**
   * The live value for the key; on a miss, calls {@code loader}, stores what it returns with the
   * default TTL and returns it. Concurrent callers for one key in this JVM share one read and one
   * load. When the loader returns {@code null}, nothing is stored and {@code null} is returned.
   * When it throws (anything, including a checked exception thrown undeclared), the exception
   * reaches every caller sharing the load and nothing is stored.
   *
   * <p>As with Caffeine, a loader must not wait for a load of another key that may in turn wait for
   * this one: two loaders waiting on each other's keys deadlock. A loader that loads its own key
   * fails with an {@code IllegalStateException}.
   *
   * @throws NullPointerException when the key or loader is null
   * @throws IllegalArgumentException when the encoded key is empty or too long
   * @throws ValueTooLargeException when the loaded value does not fit in one item
   */
  @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader);

  /**
   * The live values for these keys; keys without one are absent from the map (like Caffeine's
   * {@code getAllPresent}: nothing is loaded). Reads with {@code BatchGetItem}, at most 100 keys
   * per call, retrying unprocessed keys with jittered backoff; keys the near cache holds are not
   * read.
   *
   * @throws NullPointerException when the collection or a key is null
   * @throws IllegalArgumentException when an encoded key is empty or too long
   */
  Map<K, V> getAllPresent(Collection<? extends K> keys);

  /**
   * The live values for these keys, loading the missing ones, like Caffeine's {@code getAll}: the
   * keys without a live value are passed, in one call, to {@code mappingFunction}, and the entries
   * it returns are stored with the default TTL as {@link #putAll} stores them (batched writes of at
   * most 25 items), then returned with the present ones. The function may return fewer keys (those
   * stay absent from the result) or more (those are stored too, but not returned); null keys or
   * values in its map are ignored. When storing fails because DynamoDB is unavailable, the loaded
   * values are still returned (a WARN is logged; the next lookup loads again). When the function
   * throws, the exception reaches the caller and nothing is stored.
   *
   * <p>Unlike {@link #get(Object, Function)}, concurrent callers are not coalesced: two callers
   * missing the same key at once may both load it. The result is unmodifiable, in the order of
   * {@code keys}.
   *
   * <pre>{@code
   * Map<String, Profile> found = profiles.getAll(ids, missing -> profileDao.loadAll(missing));
   * }</pre>
   *
   * @throws NullPointerException when an argument or a key is null, or the function returns null
   * @throws IllegalArgumentException when an encoded key is empty or too long
   * @throws ValueTooLargeException when a loaded value does not fit in one item
   */
  Map<K, V> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction);

  /**
   * Stores the value with the default TTL, replacing any other. One {@code PutItem}.
   *
   * @throws NullPointerException when the key or value is null
   * @throws IllegalArgumentException when the encoded key is empty or too long
   * @throws ValueTooLargeException when the entry does not fit in one item
   */
  void put(K key, V value);

  /**
   * Stores the value with this TTL, replacing any other. One {@code PutItem}.
   *
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the encoded key is empty or too long, or the TTL is zero
   *     or negative
   * @throws ValueTooLargeException when the entry does not fit in one item
   */
  void put(K key, V value, Duration ttl);

  /**
   * Stores these values with the default TTL, with {@code BatchWriteItem} (at most 25 items per
   * call, unprocessed items retried with jittered backoff). Every entry is validated before the
   * first call. Not atomic: when a call fails, some entries may have been written.
   *
   * @throws NullPointerException when the map, a key or a value is null
   * @throws IllegalArgumentException when an encoded key is empty or too long
   * @throws ValueTooLargeException when an entry does not fit in one item
   */
  void putAll(Map<? extends K, ? extends V> entries);

  /**
   * Stores the value only if the key has no live entry, across all nodes: of any number of
   * concurrent callers for one key, exactly one wins. An expired entry that DynamoDB has not yet
   * deleted counts as absent. One conditional {@code PutItem}; the item carries a random nonce, so
   * when the SDK retries a put whose first attempt succeeded (its response lost), the failed
   * condition is recognised as this call's own win by one more strongly consistent {@code GetItem}.
   *
   * @return whether this call stored the value
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the encoded key is empty or too long, or the TTL is zero
   *     or negative
   * @throws ValueTooLargeException when the entry does not fit in one item
   */
  boolean putIfAbsent(K key, V value, Duration ttl);

  /**
   * Removes the entry, if any. One {@code DeleteItem}.
   *
   * @throws NullPointerException when the key is null
   * @throws IllegalArgumentException when the encoded key is empty or too long
   */
  void invalidate(K key);

  /**
   * Removes these entries with {@code BatchWriteItem} (at most 25 per call).
   *
   * @throws NullPointerException when the collection or a key is null
   * @throws IllegalArgumentException when an encoded key is empty or too long
   */
  void invalidateAll(Collection<? extends K> keys);

  /**
   * Adds {@code delta} to an atomic counter and returns its new value, e.g. for rate limits. A
   * missing or expired counter starts at {@code delta} and expires after {@code ttl}; later
   * increments do not extend its TTL. Usually one {@code UpdateItem} ({@code ADD}); restarting an
   * expired-but-undeleted counter takes one more conditional {@code PutItem}.
   *
   * <p>Not idempotent: when the SDK retries an {@code UpdateItem} whose first attempt was applied
   * but whose response was lost (a timeout, a connection reset), the delta is added twice. Counters
   * suit rate limits and statistics, not money.
   *
   * @throws NullPointerException when the key or TTL is null
   * @throws IllegalArgumentException when the encoded key is empty or too long, or the TTL is zero
   *     or negative
   */
  long increment(K key, long delta, Duration ttl);

  /** A snapshot of this cache's counters, including its DynamoDB calls and consumed capacity. */
  CacheStats stats();
}
