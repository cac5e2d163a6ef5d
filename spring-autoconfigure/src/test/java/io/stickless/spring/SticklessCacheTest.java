package io.stickless.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.cache.TtlCache;
import io.stickless.cache.TtlCacheBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;

/** The Spring cache adapter over an in-memory {@link TtlCache} (same contract as on DynamoDB). */
class SticklessCacheTest {

  final ExecutorService pool = Executors.newFixedThreadPool(8);

  SticklessCacheManager manager(boolean nulls, List<String> names) {
    SticklessCacheManager manager =
        new SticklessCacheManager(
            name -> TtlCache.inMemory(),
            names,
            Map.of("short", Duration.ofSeconds(30)),
            Duration.ofMinutes(10),
            nulls,
            List.of("io.stickless.spring.*"),
            pool,
            (name, builder) -> {});
    manager.afterPropertiesSet();
    return manager;
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void putGetEvictAndClear() {
    Cache cache = manager(true, List.of()).getCache("profiles");

    cache.put("u1", "alice");
    cache.put(42, List.of("x"));
    assertThat(cache.get("u1").get()).isEqualTo("alice");
    assertThat(cache.get(42, List.class)).containsExactly("x");
    assertThat(cache.get("absent")).isNull();

    cache.evict("u1");
    assertThat(cache.get("u1")).isNull();
    cache.clear();
    assertThat(cache.get(42)).isNull();
  }

  @Test
  void nullValuesAreCachedOnlyWhenAllowed() {
    Cache withNulls = manager(true, List.of()).getCache("c");
    withNulls.put("k", null);
    assertThat(withNulls.get("k")).isNotNull();
    assertThat(withNulls.get("k").get()).isNull();

    Cache withoutNulls = manager(false, List.of()).getCache("c2");
    assertThatThrownBy(() -> withoutNulls.put("k", null))
        .isInstanceOf(IllegalArgumentException.class);
    AtomicInteger loads = new AtomicInteger();
    assertThat((Object) withoutNulls.get("k", () -> nullAfterCounting(loads))).isNull();
    assertThat((Object) withoutNulls.get("k", () -> nullAfterCounting(loads))).isNull();
    assertThat(loads).hasValue(2); // nothing was stored
  }

  private static Object nullAfterCounting(AtomicInteger loads) {
    loads.incrementAndGet();
    return null;
  }

  @Test
  void syncGetLoadsEachKeyOnceAndWrapsLoaderFailures() throws Exception {
    Cache cache = manager(true, List.of()).getCache("sync");
    AtomicInteger loads = new AtomicInteger();
    Set<Thread> callers = ConcurrentHashMap.newKeySet();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results =
        java.util.stream.IntStream.range(0, 8)
            .mapToObj(
                i ->
                    pool.submit(
                        () -> {
                          callers.add(Thread.currentThread());
                          start.await();
                          return cache.get(
                              "k",
                              () -> {
                                loads.incrementAndGet();
                                holdUntilTheOthersWait(callers, Thread.currentThread());
                                return "v";
                              });
                        }))
            .toList();
    start.countDown();
    for (Future<String> result : results) {
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("v");
    }
    assertThat(loads).hasValue(1);

    assertThatThrownBy(
            () ->
                cache.get(
                    "bad",
                    () -> {
                      throw new IOException("disk on fire");
                    }))
        .isInstanceOf(Cache.ValueRetrievalException.class)
        .hasCauseInstanceOf(IOException.class);
    assertThat(cache.get("bad")).isNull();
  }

  @Test
  void retrieveServesCompletableFutureMethods() throws Exception {
    Cache cache = manager(true, List.of()).getCache("async");
    assertThat(cache.retrieve("k").get(10, TimeUnit.SECONDS)).isNull();

    CompletableFuture<String> loaded =
        cache.retrieve("k", () -> CompletableFuture.completedFuture("v"));
    assertThat(loaded.get(10, TimeUnit.SECONDS)).isEqualTo("v");
    Object hit = cache.retrieve("k").get(10, TimeUnit.SECONDS);
    assertThat(((Cache.ValueWrapper) hit).get()).isEqualTo("v");
  }

  @Test
  void putIfAbsentAnswersTheValueThatWasThere() {
    Cache cache = manager(true, List.of()).getCache("pia");
    assertThat(cache.putIfAbsent("k", "first")).isNull();
    assertThat(cache.putIfAbsent("k", "second").get()).isEqualTo("first");
  }

  @Test
  void fixedNamesRefuseOthersAndPerCacheTtlsApply() {
    SticklessCacheManager manager = manager(true, List.of("short", "long"));
    assertThat(manager.getCacheNames()).containsExactly("short", "long");
    assertThat(manager.getCache("other")).isNull();
    assertThat(manager.getCache("short").getNativeCache().toString()).contains("name=short");
  }

  @Test
  void customizersSeeEachCachesBuilder() {
    List<String> seen = new java.util.ArrayList<>();
    SticklessCacheManager manager =
        new SticklessCacheManager(
            name -> TtlCache.inMemory(),
            List.of("a", "b"),
            Map.of(),
            Duration.ofMinutes(1),
            true,
            List.of(),
            pool,
            (name, builder) -> {
              TtlCacheBuilder<Object, Object> same = builder.compressionThreshold(10);
              assertThat(same).isSameAs(builder);
              seen.add(name);
            });
    manager.afterPropertiesSet();
    assertThat(seen).containsExactly("a", "b");
  }

  /** Holds a load open, bounded, until the seven other callers are parked waiting for it. */
  private static void holdUntilTheOthersWait(Set<Thread> callers, Thread loader) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                callers.size() == 8
                    && callers.stream()
                        .filter(t -> t != loader)
                        .allMatch(
                            t ->
                                t.getState() == Thread.State.WAITING
                                    || t.getState() == Thread.State.TIMED_WAITING
                                    || t.getState() == Thread.State.BLOCKED));
  }
}
