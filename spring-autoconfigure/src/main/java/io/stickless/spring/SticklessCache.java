package io.stickless.spring;

import static java.util.Objects.requireNonNull;

import io.stickless.cache.TtlCache;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} on a {@link TtlCache}: {@code @Cacheable},
 * {@code @CachePut}, {@code @CacheEvict} and {@code @CacheEvict(allEntries = true)} (one {@link
 * TtlCache#clear()}, not a scan). {@code @Cacheable(sync = true)} ({@link #get(Object, Callable)})
 * loads each key once per JVM at a time and wraps a loader's exception in {@link
 * org.springframework.cache.Cache.ValueRetrievalException}. Methods returning {@code
 * CompletableFuture} use {@link #retrieve}, whose DynamoDB calls run on the given executor. Keys
 * become strings by {@code toString()} (as with Spring's Redis cache), so keys of one cache must
 * have distinct string forms.
 */
public final class SticklessCache extends AbstractValueAdaptingCache {

  private final String name;
  private final TtlCache<Object, Object> cache;
  private final Duration timeToLive;
  private final Executor executor;

  /**
   * A Spring cache named {@code name} on {@code cache}.
   *
   * @param timeToLive the cache's default TTL, for {@link #putIfAbsent}
   * @param allowNullValues whether {@code null} is cached (as Spring's {@code NullValue} marker)
   * @param executor where {@link #retrieve} calls DynamoDB
   */
  public SticklessCache(
      String name,
      TtlCache<Object, Object> cache,
      Duration timeToLive,
      boolean allowNullValues,
      Executor executor) {
    super(allowNullValues);
    this.name = requireNonNull(name, "name");
    this.cache = requireNonNull(cache, "cache");
    this.timeToLive = requireNonNull(timeToLive, "timeToLive");
    this.executor = requireNonNull(executor, "executor");
  }

  @Override
  public String getName() {
    return name;
  }

  /** The {@link TtlCache}. */
  @Override
  public TtlCache<Object, Object> getNativeCache() {
    return cache;
  }

  @Override
  protected @Nullable Object lookup(Object key) {
    return cache.getIfPresent(key);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
    return (T) fromStoreValue(cache.get(key, k -> load(key, valueLoader)));
  }

  private @Nullable Object load(Object key, Callable<?> valueLoader) {
    Object value;
    try {
      value = valueLoader.call();
    } catch (Exception e) {
      throw new ValueRetrievalException(key, valueLoader, e);
    }
    return storeValueOrNothing(value);
  }

  /** What to store for a loaded value: {@code null} (store nothing) when nulls are not cached. */
  private @Nullable Object storeValueOrNothing(@Nullable Object value) {
    return value == null && !isAllowNullValues() ? null : toStoreValue(value);
  }

  @Override
  public @Nullable CompletableFuture<?> retrieve(Object key) {
    return CompletableFuture.supplyAsync(
        () -> {
          Object stored = lookup(key);
          if (stored == null) {
            return null;
          }
          return isAllowNullValues() ? toValueWrapper(stored) : fromStoreValue(stored);
        },
        executor);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    return CompletableFuture.supplyAsync(
        () ->
            (T) fromStoreValue(cache.get(key, k -> storeValueOrNothing(valueLoader.get().join()))),
        executor);
  }

  @Override
  public void put(Object key, @Nullable Object value) {
    cache.put(key, toStoreValue(value));
  }

  @Override
  public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
    Object stored = toStoreValue(value);
    if (cache.putIfAbsent(key, stored, timeToLive)) {
      return null;
    }
    return toValueWrapper(cache.getIfPresent(key));
  }

  @Override
  public void evict(Object key) {
    cache.invalidate(key);
  }

  @Override
  public void clear() {
    cache.clear();
  }
}
