package io.stickless.cache;

import io.stickless.BackendUnavailableException;
import io.stickless.DynamoDbUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The contract of {@link TtlCache} (validation, load sharing, near cache, stats) on top of a few
 * storage primitives that work on stored keys and items; subclasses supply the storage.
 */
abstract class AbstractTtlCache<K, V> implements TtlCache<K, V> {

  private static final Logger log = LoggerFactory.getLogger(TtlCache.class);

  final CacheConfig<K, V> config;
  final StatsCounter stats = new StatsCounter();
  final CacheItems<K, V> items;
  final FailOpen failOpen;
  private final @Nullable NearCache<K, V> near;
  private final ConcurrentHashMap<String, Flight<V>> flights = new ConcurrentHashMap<>();

  /**
   * How long this node trusts the generation it last read before reading it again: half the near
   * cache's staleness (so near-cached values read with it still live a useful while), else {@link
   * #GENERATION_REFRESH}.
   */
  private final long generationRefreshNanos;

  private final ReentrantLock generationLock = new ReentrantLock();
  private volatile @Nullable Generation generation;

  /** How long a node without near cache trusts the last generation it read. */
  static final Duration GENERATION_REFRESH = Duration.ofSeconds(1);

  /** The far TTL of the generation item: it must outlive every entry of every generation. */
  static final Duration GENERATION_TTL = Duration.ofDays(365L * 100);

  /** The cache's generation as this node last read (or wrote) it, and when it read it. */
  private record Generation(long value, long checkedNanos) {}

  /** A load in progress; the owner is remembered to refuse a loader that loads its own key. */
  private record Flight<V>(Thread owner, CompletableFuture<@Nullable V> result) {}

  AbstractTtlCache(CacheConfig<K, V> config, boolean withNearCache) {
    this.config = config;
    this.items = new CacheItems<>(config, stats);
    this.failOpen = new FailOpen(config.name(), config.failOpen(), stats);
    this.near =
        withNearCache && config.nearCacheEnabled()
            ? new NearCache<>(
                config.nearCacheMaxEntries(), config.nearCacheMaxStaleness(), config.clock())
            : null;
    this.generationRefreshNanos =
        near != null
            ? Math.max(1, config.nearCacheMaxStaleness().toNanos() / 2)
            : GENERATION_REFRESH.toNanos();
  }

  // --- storage primitives -------------------------------------------------------------------

  abstract @Nullable Map<String, AttributeValue> read(String storedKey);

  /** The items found, by stored key; the keys are distinct. */
  abstract Map<String, Map<String, AttributeValue>> readAll(List<String> storedKeys);

  abstract void write(Map<String, AttributeValue> item);

  /** Writes the items; their keys are distinct. */
  abstract void writeAll(List<Map<String, AttributeValue>> items);

  /** Writes the item unless a live item has its key; whether it wrote. */
  abstract boolean writeIfAbsent(Map<String, AttributeValue> item, long nowEpochSecond);

  abstract void delete(String storedKey);

  /** Deletes the items; the keys are distinct. */
  abstract void deleteAll(List<String> storedKeys);

  /** Adds to the counter, restarting an absent or expired one with this TTL; its new value. */
  abstract long add(String storedKey, long delta, long ttlEpochSecond, long nowEpochSecond);

  abstract DynamoDbUsage usage();

  // --- the contract -------------------------------------------------------------------------

  @Override
  public @Nullable V getIfPresent(K key) {
    Objects.requireNonNull(key, "key");
    // stamped before the near lookup: a write of this node after it must win over the read
    long stamp = nearStamp(key);
    V cached = nearGet(key);
    if (cached != null) {
      return cached;
    }
    String storedKey = storedKey(key);
    CacheItems.Live<V> live;
    try {
      live = readLive(key, storedKey, new Before(stamp, readStartNanos()));
    } catch (BackendUnavailableException e) {
      failOpen.readFailed(e, 1);
      live = null;
    }
    if (live == null) {
      stats.miss();
      return null;
    }
    stats.hit();
    return live.value();
  }

  @Override
  public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    long stamp = nearStamp(key);
    V cached = nearGet(key);
    if (cached != null) {
      return cached;
    }
    String storedKey = storedKey(key);
    Flight<V> mine = new Flight<>(Thread.currentThread(), new CompletableFuture<>());
    Flight<V> running = flights.putIfAbsent(storedKey, mine);
    if (running != null) {
      return join(running, storedKey);
    }
    // The read happens inside the flight, so a caller arriving after the load finished reads the
    // stored value instead of loading again.
    V result;
    try {
      result = readOrLoad(key, storedKey, loader, new Before(stamp, readStartNanos()));
    } catch (Throwable e) {
      // Throwable: a loader may throw a checked exception undeclared (Kotlin, Lombok), and the
      // waiting callers must hear of it. The flight goes first, so a caller arriving after this
      // load failed starts its own instead of receiving a failure it did not wait for.
      flights.remove(storedKey, mine);
      mine.result().completeExceptionally(e);
      throw e;
    }
    flights.remove(storedKey, mine);
    mine.result().complete(result);
    return result;
  }

  private @Nullable V readOrLoad(
      K key, String storedKey, Function<? super K, ? extends @Nullable V> loader, Before before) {
    CacheItems.Live<V> live;
    boolean reachable = true;
    try {
      live = readLive(key, storedKey, before);
    } catch (BackendUnavailableException e) {
      failOpen.readFailed(e, 1);
      live = null;
      reachable = false;
    }
    if (live != null) {
      stats.hit();
      return live.value();
    }
    stats.miss();
    V loaded;
    try {
      loaded = loader.apply(key);
    } catch (Throwable e) {
      stats.loadFailure();
      throw e;
    }
    stats.load();
    if (loaded == null) {
      return null;
    }
    long ttl = items.expiryEpochSecond(config.defaultTtl());
    Map<String, AttributeValue> item = items.item(storedKey, loaded, ttl);
    if (!reachable) {
      // the read just failed: a write would only wait for another timeout
      failOpen.writeSkipped();
      return loaded;
    }
    try {
      write(item);
      failOpen.succeeded();
      config.itemSizeListeners().written(item);
    } catch (BackendUnavailableException e) {
      // the caller has its value whether or not fail-open is on; the next lookup loads again
      try {
        failOpen.writeFailed(e, 1);
      } catch (BackendUnavailableException failOpenOff) {
        log.debug("Cache '{}': loaded value not stored: {}", config.name(), e.getMessage());
      }
      return loaded;
    }
    // conditional on the stamp taken before the lookup: an invalidate of this node while loading
    // may have deleted what was just written, and must not be undone in the near cache
    nearPut(key, loaded, ttl, before);
    return loaded;
  }

  private @Nullable V join(Flight<V> running, String storedKey) {
    if (running.owner() == Thread.currentThread()) {
      throw new IllegalStateException(
          "The loader for '"
              + storedKey
              + "' called get() for the same key: a loader must not load its own key");
    }
    try {
      V result = running.result().join();
      if (result == null) {
        stats.miss();
      } else {
        stats.hit();
      }
      return result;
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw AbstractTtlCache.<RuntimeException>sneakyThrow(cause);
    }
  }

  @Override
  public Map<K, V> getAllPresent(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    return lookUpAll(keys, new HashMap<>());
  }

  /**
   * The live values of these keys, from the near cache, then one batched read; {@code befores}
   * receives, for every key looked up when a near cache is on, the stamp taken before its lookup.
   */
  private Map<K, V> lookUpAll(Collection<? extends K> keys, Map<K, Before> befores) {
    Map<String, List<K>> pending = new LinkedHashMap<>();
    for (K key : keys) {
      pending.computeIfAbsent(items.storedKey(key), k -> new ArrayList<>(1)).add(key);
    }
    Map<K, V> result = new LinkedHashMap<>();
    if (near != null) {
      long readStart = readStartNanos();
      // before the near lookups: a write of this node after them must win over the read
      pending
          .values()
          .forEach(
              sameKeys ->
                  sameKeys.forEach(k -> befores.put(k, new Before(near.stamp(k), readStart))));
      pending
          .values()
          .removeIf(
              sameKeys -> {
                V cached = nearGet(sameKeys.get(0));
                if (cached == null) {
                  return false;
                }
                sameKeys.forEach(k -> result.put(k, cached));
                return true;
              });
    }
    if (pending.isEmpty()) {
      return result;
    }
    long gen = currentGeneration();
    if (gen != 0) {
      Map<String, List<K>> moved = new LinkedHashMap<>();
      pending.forEach((k, sameKeys) -> moved.put(items.inGeneration(k, gen), sameKeys));
      pending = moved;
    }
    Map<String, Map<String, AttributeValue>> found = readAllOrNothing(pending);
    long now = items.nowEpochSecond();
    pending.forEach(
        (storedKey, sameKeys) -> {
          CacheItems.Live<V> live = items.live(storedKey, found.get(storedKey), now);
          for (K key : sameKeys) {
            if (live == null) {
              stats.miss();
            } else {
              stats.hit();
              result.put(key, live.value());
              if (near != null) {
                Before before = befores.get(key);
                near.fill(key, live.value(), live.ttlEpochSecond(), before.stamp(), before.nanos());
              }
            }
          }
        });
    return result;
  }

  @Override
  public Map<K, V> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(mappingFunction, "mappingFunction");
    List<K> requested = new ArrayList<>();
    keys.forEach(requested::add);
    Map<K, Before> befores = new HashMap<>();
    Map<K, V> present = lookUpAll(requested, befores);
    Set<K> missing = new LinkedHashSet<>();
    for (K key : requested) {
      if (!present.containsKey(key)) {
        missing.add(key);
      }
    }
    if (missing.isEmpty()) {
      return inOrder(requested, present, Map.of());
    }
    Map<? extends K, ? extends V> loaded;
    try {
      loaded = mappingFunction.apply(Collections.unmodifiableSet(missing));
    } catch (Throwable e) {
      stats.loadFailure();
      throw e;
    }
    if (loaded == null) {
      stats.loadFailure();
      throw new NullPointerException(
          "The mapping function of getAll returned null: return a map, empty when it found"
              + " nothing");
    }
    stats.load();
    Map<K, V> toStore = new LinkedHashMap<>();
    loaded.forEach(
        (k, v) -> {
          if (k != null && v != null) {
            toStore.put(k, v);
          }
        });
    if (near != null) {
      // keys the function added unasked were not looked up: their stamp is taken now
      toStore.keySet().forEach(k -> befores.computeIfAbsent(k, this::before));
    }
    try {
      store(toStore, befores);
    } catch (BackendUnavailableException e) {
      // the caller has its values; the next lookup will load again
      log.warn(
          "Cache '{}': could not store {} loaded value(s): {}",
          config.name(),
          toStore.size(),
          e.getMessage());
    }
    return inOrder(requested, present, toStore);
  }

  /** The requested keys' values, present first, else loaded, in the order they were asked for. */
  private static <K, V> Map<K, V> inOrder(List<K> requested, Map<K, V> present, Map<K, V> loaded) {
    Map<K, V> result = new LinkedHashMap<>();
    for (K key : requested) {
      V value = present.containsKey(key) ? present.get(key) : loaded.get(key);
      if (value != null) {
        result.put(key, value);
      }
    }
    return Collections.unmodifiableMap(result);
  }

  @Override
  public void put(K key, V value) {
    put(key, value, config.defaultTtl());
  }

  @Override
  public void put(K key, V value, Duration ttl) {
    String storedKey = items.storedKey(key);
    CacheItems.checkTtl(ttl);
    long ttlEpoch = items.expiryEpochSecond(ttl);
    Map<String, AttributeValue> item = items.item(storedKey, value, ttlEpoch);
    Before before = before(key);
    item = items.inGeneration(item, currentGeneration());
    try {
      write(item);
      failOpen.succeeded();
    } catch (RuntimeException e) {
      nearInvalidate(key); // the table may or may not hold the new value now
      if (!(e instanceof BackendUnavailableException unavailable)) {
        throw e;
      }
      failOpen.writeFailed(unavailable, 1);
      return;
    }
    config.itemSizeListeners().written(item);
    nearPut(key, value, ttlEpoch, before);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> entries) {
    Objects.requireNonNull(entries, "entries");
    Map<K, Before> befores = new HashMap<>();
    if (near != null) {
      entries.keySet().forEach(k -> befores.put(k, before(k)));
    }
    store(entries, befores);
  }

  /**
   * Stores the entries with the default TTL in batched writes, every entry validated before the
   * first call, then puts them in the near cache unless this node wrote their key after {@code
   * befores} was taken.
   */
  private void store(Map<? extends K, ? extends V> entries, Map<K, Before> befores) {
    long ttlEpoch = items.expiryEpochSecond(config.defaultTtl());
    Map<String, Map<String, AttributeValue>> byKey = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> e : entries.entrySet()) {
      String storedKey = items.storedKey(e.getKey());
      byKey.put(storedKey, items.item(storedKey, e.getValue(), ttlEpoch));
    }
    if (byKey.isEmpty()) {
      return;
    }
    long gen = currentGeneration();
    List<Map<String, AttributeValue>> toWrite = new ArrayList<>(byKey.size());
    byKey.values().forEach(item -> toWrite.add(items.inGeneration(item, gen)));
    try {
      writeAll(toWrite);
      failOpen.succeeded();
    } catch (RuntimeException e) {
      entries.keySet().forEach(this::nearInvalidate); // some may have been written
      if (!(e instanceof BackendUnavailableException unavailable)) {
        throw e;
      }
      failOpen.writeFailed(unavailable, byKey.size());
      return;
    }
    toWrite.forEach(config.itemSizeListeners()::written);
    entries.forEach((k, v) -> nearPut(k, v, ttlEpoch, befores.get(k)));
  }

  @Override
  public boolean putIfAbsent(K key, V value, Duration ttl) {
    String storedKey = items.storedKey(key);
    CacheItems.checkTtl(ttl);
    long ttlEpoch = items.expiryEpochSecond(ttl);
    Map<String, AttributeValue> item = items.item(storedKey, value, ttlEpoch);
    Before before = before(key);
    item = items.inGeneration(item, currentGeneration());
    boolean won;
    try {
      won = writeIfAbsent(item, items.nowEpochSecond());
      failOpen.succeeded();
    } catch (RuntimeException e) {
      nearInvalidate(key);
      if (e instanceof BackendUnavailableException unavailable) {
        failOpen.decisionFailed(unavailable);
      }
      throw e;
    }
    if (won) {
      config.itemSizeListeners().written(item);
      nearPut(key, value, ttlEpoch, before);
    } else {
      nearInvalidate(key);
    }
    return won;
  }

  @Override
  public void invalidate(K key) {
    String storedKey = storedKey(key);
    try {
      delete(storedKey);
      failOpen.succeeded();
    } catch (BackendUnavailableException e) {
      failOpen.writeFailed(e, 1);
    } finally {
      nearInvalidate(key);
    }
  }

  @Override
  public void invalidateAll(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    Map<String, K> byKey = new LinkedHashMap<>();
    for (K key : keys) {
      byKey.putIfAbsent(items.storedKey(key), key);
    }
    if (byKey.isEmpty()) {
      return;
    }
    long gen = currentGeneration();
    List<String> toDelete = new ArrayList<>(byKey.size());
    byKey.keySet().forEach(k -> toDelete.add(items.inGeneration(k, gen)));
    try {
      deleteAll(toDelete);
      failOpen.succeeded();
    } catch (BackendUnavailableException e) {
      failOpen.writeFailed(e, byKey.size());
    } finally {
      keys.forEach(this::nearInvalidate);
    }
  }

  @Override
  public long increment(K key, long delta, Duration ttl) {
    String plainKey = items.storedKey(key);
    CacheItems.checkTtl(ttl);
    String storedKey = items.inGeneration(plainKey, currentGeneration());
    try {
      long value = add(storedKey, delta, items.expiryEpochSecond(ttl), items.nowEpochSecond());
      failOpen.succeeded();
      return value;
    } catch (BackendUnavailableException e) {
      failOpen.decisionFailed(e);
      throw e;
    } finally {
      nearInvalidate(key);
    }
  }

  /**
   * One {@code UpdateItem} adding 1 to the generation item; entries of older generations stay in
   * the table, unreachable, until their TTL removes them.
   */
  @Override
  public void clear() {
    long started = generationNanos();
    long cleared;
    try {
      cleared =
          add(
              items.generationKey(),
              1,
              items.expiryEpochSecond(GENERATION_TTL),
              items.nowEpochSecond());
    } finally {
      // whatever happened in the table, nothing cached here before the clear may be served
      nearInvalidateAll();
    }
    generationLock.lock();
    try {
      Generation known = generation;
      generation =
          new Generation(known == null ? cleared : Math.max(known.value(), cleared), started);
    } finally {
      generationLock.unlock();
    }
  }

  @Override
  public CacheStats stats() {
    return stats.snapshot(usage());
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "[name="
        + config.name()
        + ", table="
        + config.tableName()
        + ", nearCache="
        + (near != null)
        + "]";
  }

  // --- helpers ------------------------------------------------------------------------------

  private @Nullable V nearGet(K key) {
    Objects.requireNonNull(key, "key");
    if (near == null) {
      return null;
    }
    V cached = near.getIfPresent(key);
    if (cached != null) {
      stats.nearCacheHit();
    }
    return cached;
  }

  private void nearInvalidateAll() {
    if (near != null) {
      near.invalidateAll();
    }
  }

  /** The stored key of a key in the current generation; the key is checked before any call. */
  private String storedKey(K key) {
    String plain = items.storedKey(key);
    return items.inGeneration(plain, currentGeneration());
  }

  private long generationNanos() {
    return near != null ? near.nanos() : TimeUnit.MILLISECONDS.toNanos(config.clock().millis());
  }

  /**
   * The cache's generation (how many times it was cleared), read from the table at most once per
   * refresh interval. Reads stay monotonic: an eventually consistent read older than this node's
   * own clear does not take the generation back.
   */
  private long currentGeneration() {
    Generation known = generation;
    if (known != null && generationNanos() - known.checkedNanos() < generationRefreshNanos) {
      return known.value();
    }
    // One caller refreshes; the others go on with the generation they know rather than queue
    // behind a read that may take the whole call timeout while DynamoDB is slow or away.
    if (known != null && !generationLock.tryLock()) {
      return known.value();
    }
    if (known == null) {
      generationLock.lock();
    }
    try {
      known = generation;
      long started = generationNanos();
      if (known != null && started - known.checkedNanos() < generationRefreshNanos) {
        return known.value();
      }
      long read;
      try {
        read = CacheItems.generationOf(read(items.generationKey()));
      } catch (BackendUnavailableException e) {
        if (known == null) {
          // Never read yet: the calls that follow fail the same way and fail-open answers for
          // them; nothing is remembered, so the first call after the outage reads it.
          return 0;
        }
        generation = new Generation(known.value(), started); // try again after the interval
        return known.value();
      }
      long value = known == null ? read : Math.max(known.value(), read);
      if (known != null && value != known.value()) {
        nearInvalidateAll(); // another node cleared the cache
      }
      generation = new Generation(value, started);
      return value;
    } finally {
      generationLock.unlock();
    }
  }

  /**
   * When a read starts, for near-cache staleness: the earlier of now and when this node last
   * checked the generation, since a clear by another node after that check is not seen yet.
   */
  private long readStartNanos() {
    if (near == null) {
      return 0;
    }
    long now = near.nanos();
    Generation known = generation;
    return known != null && known.checkedNanos() - now < 0 ? known.checkedNanos() : now;
  }

  private void nearInvalidate(K key) {
    if (near != null) {
      near.invalidate(key);
    }
  }

  /** The near cache's write stamp of a key and its time, taken before a lookup or a write. */
  private record Before(long stamp, long nanos) {}

  private static final Before NO_NEAR_CACHE = new Before(0, 0);

  private long nearStamp(K key) {
    return near == null ? 0 : near.stamp(key);
  }

  private Before before(K key) {
    return near == null ? NO_NEAR_CACHE : new Before(near.stamp(key), readStartNanos());
  }

  private void nearPut(K key, V value, long ttlEpochSecond, Before before) {
    if (near != null) {
      near.put(key, value, ttlEpochSecond, before.stamp(), before.nanos());
    }
  }

  /** The items found; none when DynamoDB is unavailable and fail-open is on. */
  private Map<String, Map<String, AttributeValue>> readAllOrNothing(Map<String, List<K>> pending) {
    try {
      Map<String, Map<String, AttributeValue>> found = readAll(new ArrayList<>(pending.keySet()));
      failOpen.succeeded();
      return found;
    } catch (BackendUnavailableException e) {
      failOpen.readFailed(e, pending.values().stream().mapToInt(List::size).sum());
      return Map.of();
    }
  }

  private CacheItems.@Nullable Live<V> readLive(K key, String storedKey, Before before) {
    Map<String, AttributeValue> item = read(storedKey);
    failOpen.succeeded();
    CacheItems.Live<V> live = items.live(storedKey, item, items.nowEpochSecond());
    if (live != null && near != null) {
      near.fill(key, live.value(), live.ttlEpochSecond(), before.stamp(), before.nanos());
    }
    return live;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }
}
