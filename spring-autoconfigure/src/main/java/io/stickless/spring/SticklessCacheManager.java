package io.stickless.spring;

import static java.util.Objects.requireNonNull;

import io.stickless.cache.KeyCodec;
import io.stickless.cache.TtlCache;
import io.stickless.cache.TtlCacheBuilder;
import io.stickless.cache.ValueCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractCacheManager;

/**
 * A Spring {@link org.springframework.cache.CacheManager} whose caches are {@link TtlCache}s in one
 * DynamoDB table, each under its own key prefix ({@code cache:<name>:}). Values are stored with
 * Java serialization, read through an allow-list (JDK value types, Spring's {@code NullValue}, and
 * the configured entries). With a fixed list of names, other names are refused ({@link
 * #getCache(String)} answers {@code null}); without one, caches are created on first use.
 *
 * <p>The Spring Boot starter defines one from the {@code stickless.cache.*} properties; it can also
 * be built by hand:
 *
 * <pre>{@code
 * SticklessCacheManager manager = new SticklessCacheManager(
 *     name -> TtlCache.builder(dynamoDb, "app-table"),
 *     List.of("profiles"), Map.of(), Duration.ofMinutes(10), true,
 *     List.of("com.example.**"), ForkJoinPool.commonPool(), (name, builder) -> {});
 * }</pre>
 */
public final class SticklessCacheManager extends AbstractCacheManager {

  static final String NULL_VALUE_CLASS = "org.springframework.cache.support.NullValue";

  private final Function<String, TtlCacheBuilder<String, String>> builders;
  private final List<String> cacheNames;
  private final Map<String, Duration> timeToLivePerCache;
  private final Duration timeToLive;
  private final boolean allowNullValues;
  private final ValueCodec<Object> valueCodec;
  private final Executor executor;
  private final TtlCacheCustomizer customizer;
  private volatile Consumer<SticklessCache> createdOnFirstUse = cache -> {};

  /**
   * A manager creating its caches from {@code builders} (a fresh builder on the table per cache).
   *
   * @param cacheNames the caches, created at start-up; empty: any name, created on first use
   * @param timeToLivePerCache TTLs of particular caches
   * @param timeToLive the TTL of the other caches
   * @param allowNullValues whether {@code null} values are cached
   * @param allowedClasses the value classes allowed besides JDK types and {@code NullValue}
   * @param executor where {@code retrieve} (for {@code CompletableFuture} methods) calls DynamoDB
   * @param customizer applied to each cache's builder last
   */
  public SticklessCacheManager(
      Function<String, TtlCacheBuilder<String, String>> builders,
      Collection<String> cacheNames,
      Map<String, Duration> timeToLivePerCache,
      Duration timeToLive,
      boolean allowNullValues,
      Collection<String> allowedClasses,
      Executor executor,
      TtlCacheCustomizer customizer) {
    this.builders = requireNonNull(builders, "builders");
    this.cacheNames = List.copyOf(cacheNames);
    this.timeToLivePerCache = Map.copyOf(timeToLivePerCache);
    this.timeToLive = requireNonNull(timeToLive, "timeToLive");
    this.allowNullValues = allowNullValues;
    List<String> allowed = new ArrayList<>(allowedClasses);
    allowed.add(NULL_VALUE_CLASS);
    this.valueCodec = ValueCodec.serializable(allowed);
    this.executor = requireNonNull(executor, "executor");
    this.customizer = requireNonNull(customizer, "customizer");
  }

  @Override
  protected Collection<? extends Cache> loadCaches() {
    List<Cache> caches = new ArrayList<>();
    for (String name : cacheNames) {
      caches.add(create(name));
    }
    return caches;
  }

  @Override
  protected @Nullable Cache getMissingCache(String name) {
    if (!cacheNames.isEmpty()) {
      return null;
    }
    SticklessCache cache = create(name);
    createdOnFirstUse.accept(cache);
    return cache;
  }

  /**
   * Tells {@code listener} of each cache created on first use (after the caches of a fixed list,
   * which exist from the start). The starter binds their meters with it.
   */
  void onCacheCreatedOnFirstUse(Consumer<SticklessCache> listener) {
    this.createdOnFirstUse = requireNonNull(listener, "listener");
  }

  private SticklessCache create(String name) {
    Duration ttl = timeToLivePerCache.getOrDefault(name, timeToLive);
    TtlCacheBuilder<Object, Object> builder =
        builders
            .apply(name)
            .name(name)
            .keyCodec(KeyCodec.usingToString())
            .valueCodec(valueCodec)
            .defaultTtl(ttl);
    customizer.customize(name, builder);
    return new SticklessCache(name, builder.build(), ttl, allowNullValues, executor);
  }
}
