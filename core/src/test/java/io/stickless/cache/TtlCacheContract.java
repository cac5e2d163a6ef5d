package io.stickless.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stickless.DynamoDbUsage;
import io.stickless.internal.Expiry;
import io.stickless.internal.ValueEnvelope;
import io.stickless.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The contract of {@link TtlCache}, run against every implementation: in memory, and on DynamoDB
 * (dynalite) with the near cache off and on. Caches built from {@link #newBuilder()} within one
 * test share their storage, like nodes sharing a table.
 */
abstract class TtlCacheContract {

  private static final AtomicInteger CACHE_NAMES = new AtomicInteger();

  static {
    // keep the SDK's and HTTP client's DEBUG output (megabytes of wire logs) out of test runs
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
  }

  final MutableClock clock = MutableClock.startingNow();
  final String name = getClass().getSimpleName() + "-" + CACHE_NAMES.incrementAndGet();

  /** A new builder on the storage under test; the contract sets name and clock. */
  abstract TtlCacheBuilder<String, String> newBuilder();

  /** Writes an item as it is into the storage (the table), bypassing the cache. */
  abstract void writeRaw(Map<String, AttributeValue> item);

  /** Whether the storage is DynamoDB, so batch calls and unprocessed keys can be counted. */
  abstract boolean backedByDynamoDb();

  TtlCacheBuilder<String, String> builder() {
    return newBuilder().name(name).clock(clock);
  }

  TtlCache<String, String> stringCache() {
    return builder().build();
  }

  @Test
  void getIfPresentReturnsWhatPutStored() {
    TtlCache<String, String> cache = stringCache();

    cache.put("k", "value");

    assertThat(cache.getIfPresent("k")).isEqualTo("value");
    assertThat(cache.stats().hits()).isEqualTo(1);
  }

  @Test
  void getIfPresentOfAnUnknownKeyReturnsNullAndCountsAMiss() {
    TtlCache<String, String> cache = stringCache();

    assertThat(cache.getIfPresent("nothing-here")).isNull();
    assertThat(cache.stats().misses()).isEqualTo(1);
    assertThat(cache.stats().hits()).isZero();
  }

  @Test
  void anEntryExpiresWhenTheClockReachesItsTtl() {
    TtlCache<String, String> cache = stringCache();
    cache.put("k", "value", Duration.ofSeconds(10));

    clock.advance(Duration.ofSeconds(9));
    assertThat(cache.getIfPresent("k")).isEqualTo("value");

    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void putWithoutTtlUsesTheDefaultTtl() {
    TtlCache<String, String> cache = builder().defaultTtl(Duration.ofMinutes(2)).build();
    cache.put("k", "value");

    clock.advance(Duration.ofSeconds(119));
    assertThat(cache.getIfPresent("k")).isEqualTo("value");
    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void anotherNodeSeesAPutAndAnInvalidate() {
    TtlCache<String, String> writer = stringCache();
    TtlCache<String, String> reader = stringCache();

    writer.put("k", "value");
    assertThat(reader.getIfPresent("k")).isEqualTo("value");

    writer.invalidate("k");
    clock.advance(Duration.ofSeconds(6)); // past the near-cache staleness the tests configure
    assertThat(reader.getIfPresent("k")).isNull();
  }

  @Test
  void putIfAbsentStoresOnlyWhenNoLiveEntryExists() {
    TtlCache<String, String> cache = stringCache();

    assertThat(cache.putIfAbsent("k", "first", Duration.ofSeconds(10))).isTrue();
    assertThat(cache.putIfAbsent("k", "second", Duration.ofSeconds(10))).isFalse();
    assertThat(cache.getIfPresent("k")).isEqualTo("first");
  }

  @Test
  void putIfAbsentTreatsAnExpiredButUndeletedEntryAsAbsent() {
    TtlCache<String, String> cache = stringCache();
    cache.put("k", "old", Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));

    assertThat(cache.putIfAbsent("k", "new", Duration.ofSeconds(5))).isTrue();
    assertThat(cache.getIfPresent("k")).isEqualTo("new");
  }

  @Test
  void putIfAbsentFromEightThreadsOnTwoNodesHasExactlyOneWinner() throws Exception {
    List<TtlCache<String, String>> nodes = List.of(stringCache(), stringCache());
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      TtlCache<String, String> node = nodes.get(i % 2);
      String value = "thread-" + i;
      tasks.add(() -> node.putIfAbsent("contested", value, Duration.ofMinutes(1)));
    }

    List<Boolean> won = runTogether(tasks);

    assertThat(won).filteredOn(Boolean::booleanValue).hasSize(1);
    String winner = "thread-" + won.indexOf(true);
    assertThat(nodes.get(0).getIfPresent("contested")).isEqualTo(winner);
    assertThat(nodes.get(1).getIfPresent("contested")).isEqualTo(winner);
  }

  @Test
  void concurrentGetsOfOneKeyCallTheLoaderOnce() throws Exception {
    TtlCache<String, String> cache = stringCache();
    AtomicInteger loaderCalls = new AtomicInteger();
    List<Thread> callers = new CopyOnWriteArrayList<>();
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      tasks.add(
          () -> {
            callers.add(Thread.currentThread());
            return cache.get(
                "shared",
                k -> {
                  loaderCalls.incrementAndGet();
                  // the load lasts until every other caller waits for it, so all 32 overlap
                  awaitOthersWaiting(callers, 32);
                  return "loaded-" + k;
                });
          });
    }

    List<String> results = runTogether(tasks);

    assertThat(results).hasSize(32).containsOnly("loaded-shared");
    assertThat(loaderCalls).hasValue(1);
    assertThat(cache.stats().loads()).isEqualTo(1);
    assertThat(cache.stats().hits() + cache.stats().misses()).isEqualTo(32);
  }

  @Test
  void aLoaderThrowingACheckedExceptionUndeclaredFailsEveryWaitingCallerInsteadOfHangingThem()
      throws Exception {
    TtlCache<String, String> cache = stringCache();
    IOException failure = new IOException("thrown by a Kotlin or Lombok @SneakyThrows loader");
    List<Thread> callers = new CopyOnWriteArrayList<>();
    CountDownLatch loading = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> loader =
          pool.submit(
              () -> {
                callers.add(Thread.currentThread());
                return cache.get(
                    "k",
                    k -> {
                      loading.countDown();
                      awaitOthersWaiting(callers, 2);
                      return sneakyThrow(failure);
                    });
              });
      assertThat(loading.await(30, TimeUnit.SECONDS)).isTrue();
      Future<String> joiner =
          pool.submit(
              () -> {
                callers.add(Thread.currentThread());
                return cache.get("k", k -> "must not load: the first load is running");
              });

      // bounded: a hang fails with a TimeoutException instead of hanging the build
      assertThatThrownBy(() -> loader.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isSameAs(failure);
      assertThatThrownBy(() -> joiner.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isSameAs(failure);
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    assertThat(cache.get("k", k -> "recovered")).isEqualTo("recovered");
  }

  /** Waits (bounded) until all {@code count} callers have arrived and all but this one wait. */
  static void awaitOthersWaiting(List<Thread> callers, int count) {
    Thread self = Thread.currentThread();
    Awaitility.await()
        .pollInSameThread()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () ->
                callers.size() == count
                    && callers.stream()
                        .filter(t -> t != self)
                        .allMatch(t -> t.getState() == Thread.State.WAITING));
  }

  @SuppressWarnings("unchecked")
  static <T, E extends Throwable> T sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  @Test
  void aKeyWithAnUnpairedSurrogateIsRefusedBeforeAnyCall() {
    TtlCache<String, String> cache = stringCache();

    assertThatThrownBy(() -> cache.put("half-\uD83D-emoji", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate")
        .hasMessageContaining("D83D");
    assertThatThrownBy(() -> cache.getIfPresent("\uDE00"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.stats().dynamoDbUsage().totalCalls()).isZero();
    cache.put("whole-\uD83D\uDE00-emoji", "v");
    assertThat(cache.getIfPresent("whole-\uD83D\uDE00-emoji")).isEqualTo("v");
  }

  @Test
  void aCodecThrowingAnyRuntimeExceptionOnBadBytesIsAMissCountedAsUnreadable() {
    ValueCodec<String> failing =
        new ValueCodec<>() {
          @Override
          public byte[] encode(String value) {
            return ValueCodec.string().encode(value);
          }

          @Override
          public String decode(byte[] bytes) {
            throw new IllegalStateException("a custom codec that does not know the contract");
          }
        };
    builder().build().put("k", "written by the old codec");
    TtlCache<String, String> cache = builder().valueCodec(failing).build();

    assertThat(cache.getIfPresent("k")).isNull();
    assertThat(cache.stats().unreadableValues()).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void getLoadsOnAMissAndStoresWithTheDefaultTtl() {
    TtlCache<String, String> cache = builder().defaultTtl(Duration.ofSeconds(30)).build();

    assertThat(cache.get("k", k -> "loaded")).isEqualTo("loaded");
    assertThat(cache.get("k", k -> "loaded again")).isEqualTo("loaded");

    clock.advance(Duration.ofSeconds(30));
    assertThat(cache.getIfPresent("k")).isNull();
    assertThat(cache.stats().loads()).isEqualTo(1);
  }

  @Test
  void aLoaderExceptionReachesTheCallerAndCachesNothing() {
    TtlCache<String, String> cache = stringCache();
    IllegalStateException failure = new IllegalStateException("backend of record is down");

    assertThatThrownBy(
            () ->
                cache.get(
                    "k",
                    k -> {
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(cache.getIfPresent("k")).isNull();
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    assertThat(cache.get("k", k -> "recovered")).isEqualTo("recovered");
  }

  @Test
  void aLoaderReturningNullStoresNothing() {
    TtlCache<String, String> cache = stringCache();

    assertThat(cache.get("k", k -> null)).isNull();
    assertThat(cache.getIfPresent("k")).isNull();
  }

  @Test
  void aLoaderThatLoadsItsOwnKeyFailsInsteadOfDeadlocking() {
    TtlCache<String, String> cache = stringCache();

    assertThatThrownBy(() -> cache.get("k", k -> cache.get(k, k2 -> "inner")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must not load its own key");
  }

  @Test
  void putAllAndGetAllPresentMove250BigValuesAcrossNodes() {
    TtlCache<String, byte[]> writer = builder().valueCodec(ValueCodec.bytes()).build();
    TtlCache<String, byte[]> reader =
        newBuilder().name(name).clock(clock).valueCodec(ValueCodec.bytes()).build();
    Random random = new Random(42);
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (int i = 0; i < 250; i++) {
      byte[] value = new byte[100 * 1024]; // incompressible: dynalite answers ~14 per call
      random.nextBytes(value);
      values.put("big-" + i, value);
    }

    writer.putAll(values);
    List<String> keys = new ArrayList<>(values.keySet());
    keys.add("missing-1");
    keys.add("missing-2");
    Map<String, byte[]> found = reader.getAllPresent(keys);

    assertThat(found).hasSize(250).doesNotContainKeys("missing-1", "missing-2");
    values.forEach((k, v) -> assertThat(found.get(k)).as(k).isEqualTo(v));
    assertThat(reader.stats().hits()).isEqualTo(250);
    assertThat(reader.stats().misses()).isEqualTo(2);
    if (backedByDynamoDb()) {
      DynamoDbUsage writes = writer.stats().dynamoDbUsage();
      DynamoDbUsage reads = reader.stats().dynamoDbUsage();
      assertThat(writes.calls(DynamoDbUsage.Operation.BATCH_WRITE_ITEM)).isGreaterThanOrEqualTo(10);
      // 3 chunks of at most 100 keys, and unprocessed keys retried
      assertThat(reads.calls(DynamoDbUsage.Operation.BATCH_GET_ITEM)).isGreaterThan(3);
      assertThat(reads.readUnits()).isPositive();
      assertThat(writes.writeUnits()).isPositive();
    }
  }

  @Test
  void getAllLoadsOnlyTheMissingKeysInOneCallAndStoresThemForEveryNode() {
    TtlCache<String, String> cache = builder().defaultTtl(Duration.ofMinutes(2)).build();
    TtlCache<String, String> otherNode = newBuilder().name(name).clock(clock).build();
    cache.put("a", "stored");
    List<Set<? extends String>> calls = new ArrayList<>();

    Map<String, String> found =
        cache.getAll(
            List.of("c", "a", "b"),
            missing -> {
              calls.add(Set.copyOf(missing));
              Map<String, String> loaded = new LinkedHashMap<>();
              missing.forEach(k -> loaded.put(k, "loaded-" + k));
              return loaded;
            });

    assertThat(calls).containsExactly(Set.of("b", "c"));
    assertThat(found)
        .containsExactly(
            Map.entry("c", "loaded-c"), Map.entry("a", "stored"), Map.entry("b", "loaded-b"));
    assertThat(otherNode.getAllPresent(List.of("a", "b", "c"))).hasSize(3);
    assertThat(cache.stats().loads()).isEqualTo(1);
    assertThat(cache.stats().hits()).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(2);
    if (backedByDynamoDb()) {
      DynamoDbUsage usage = cache.stats().dynamoDbUsage();
      assertThat(usage.calls(DynamoDbUsage.Operation.BATCH_WRITE_ITEM)).isEqualTo(1);
      assertThat(usage.calls(DynamoDbUsage.Operation.PUT_ITEM)).isEqualTo(1); // the put("a")
    }
    // loaded entries carry the default TTL, as putAll's do
    clock.advance(Duration.ofMinutes(2));
    assertThat(otherNode.getAllPresent(List.of("a", "b", "c"))).isEmpty();
  }

  @Test
  void getAllWithEveryKeyPresentCallsNoMappingFunction() {
    TtlCache<String, String> cache = stringCache();
    cache.putAll(Map.of("a", "1", "b", "2"));

    Map<String, String> found =
        cache.getAll(
            List.of("a", "b"),
            missing -> {
              throw new AssertionError("nothing is missing, yet asked to load " + missing);
            });

    assertThat(found).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(cache.stats().loads()).isZero();
  }

  @Test
  void getAllStoresExtraLoadedKeysButReturnsOnlyTheAskedOnes() {
    TtlCache<String, String> cache = stringCache();

    Map<String, String> found =
        cache.getAll(List.of("a", "b"), missing -> Map.of("a", "1", "extra", "x"));

    assertThat(found).containsExactly(Map.entry("a", "1"));
    assertThat(cache.getIfPresent("extra")).isEqualTo("x");
    assertThat(cache.getIfPresent("b")).isNull();
  }

  @Test
  void getAllWhoseMappingFunctionThrowsStoresNothing() {
    TtlCache<String, String> cache = stringCache();
    cache.put("a", "1");

    assertThatThrownBy(
            () ->
                cache.getAll(
                    List.of("a", "b"),
                    missing -> {
                      throw new IllegalStateException("source down");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("source down");
    assertThatThrownBy(() -> cache.getAll(List.of("b"), missing -> null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("returned null");

    assertThat(cache.getAllPresent(List.of("a", "b"))).containsOnlyKeys("a");
    assertThat(cache.stats().loadFailures()).isEqualTo(2);
    assertThat(cache.stats().loads()).isZero();
  }

  @Test
  void getAllOf60MissingKeysStoresThemInBatchesOfAtMost25() {
    TtlCache<String, String> cache = stringCache();
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      keys.add("k-" + i);
    }

    Map<String, String> found =
        cache.getAll(
            keys,
            missing -> {
              Map<String, String> loaded = new HashMap<>();
              missing.forEach(k -> loaded.put(k, k.toUpperCase(Locale.ROOT)));
              return loaded;
            });

    assertThat(found).hasSize(60).containsEntry("k-59", "K-59");
    assertThat(cache.getAllPresent(keys)).isEqualTo(found);
    if (backedByDynamoDb()) {
      assertThat(cache.stats().dynamoDbUsage().calls(DynamoDbUsage.Operation.BATCH_WRITE_ITEM))
          .isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void incrementFromEightThreadsHundredTimesEachCountsExactly800() throws Exception {
    TtlCache<String, String> cache = stringCache();
    List<Callable<Long>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      tasks.add(
          () -> {
            long last = 0;
            for (int i = 0; i < 100; i++) {
              last = cache.increment("hits", 1, Duration.ofMinutes(1));
            }
            return last;
          });
    }

    List<Long> lastSeen = runTogether(tasks);

    assertThat(lastSeen).allSatisfy(n -> assertThat(n).isBetween(100L, 800L)).contains(800L);
    assertThat(cache.increment("hits", 0, Duration.ofMinutes(1))).isEqualTo(800);
  }

  @Test
  void incrementNeverExtendsTheTtlAndRestartsAnExpiredCounter() {
    TtlCache<String, String> cache = stringCache();

    assertThat(cache.increment("rate", 1, Duration.ofSeconds(10))).isEqualTo(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(cache.increment("rate", 2, Duration.ofSeconds(10))).isEqualTo(3);
    clock.advance(Duration.ofSeconds(5));
    assertThat(cache.increment("rate", 5, Duration.ofSeconds(10))).isEqualTo(5);
    clock.advance(Duration.ofSeconds(9));
    assertThat(cache.increment("rate", -1, Duration.ofSeconds(10))).isEqualTo(4);
  }

  @Test
  void incrementsRacingOnAnExpiredButUndeletedCounterRestartItExactlyOnce() throws Exception {
    TtlCache<String, String> cache = stringCache();
    cache.increment("window", 1_000, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    List<Callable<Long>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      tasks.add(
          () -> {
            long last = 0;
            for (int i = 0; i < 10; i++) {
              last = cache.increment("window", 1, Duration.ofSeconds(10));
            }
            return last;
          });
    }

    runTogether(tasks);

    assertThat(cache.increment("window", 0, Duration.ofSeconds(10))).isEqualTo(80);
  }

  @Test
  void aCounterReadsAsAMiss() {
    TtlCache<String, String> cache = stringCache();
    cache.increment("counter", 3, Duration.ofMinutes(1));

    assertThat(cache.getIfPresent("counter")).isNull();
  }

  @Test
  void invalidateAndInvalidateAllRemoveEntries() {
    TtlCache<String, String> cache = stringCache();
    cache.putAll(Map.of("a", "1", "b", "2", "c", "3"));

    cache.invalidate("a");
    cache.invalidateAll(List.of("b", "b", "never-stored"));

    assertThat(cache.getAllPresent(List.of("a", "b", "c"))).containsExactly(Map.entry("c", "3"));
  }

  @Test
  void aValueOfAClassOutsideTheAllowListIsAMissWithOneWarnAndNeverInitialised() {
    TtlCache<String, Object> cache =
        builder().valueCodec(ValueCodec.serializable(List.of())).build();
    String storedKey = "cache:" + name + ":poison";
    writeRaw(
        Map.of(
            "key",
            AttributeValue.fromS(storedKey),
            "v",
            AttributeValue.fromB(
                SdkBytes.fromByteArray(
                    ValueEnvelope.wrap(HarmlessValue.poisonedValueBytes(), Integer.MAX_VALUE))),
            "ttl",
            Expiry.ttlValue(clock.instant().getEpochSecond() + 60)));
    Logger log = (Logger) LoggerFactory.getLogger(TtlCache.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    try {
      assertThat(cache.getIfPresent("poison")).isNull();
    } finally {
      log.detachAppender(appender);
    }

    assertThat(appender.list)
        .filteredOn(e -> e.getFormattedMessage().contains(storedKey))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage()).contains("PoisonedValue");
            });
    assertThat(PoisonFlag.INITIALISED).isFalse();
    assertThat(cache.stats().unreadableValues()).isEqualTo(1);
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void aSerializableValueOnTheAllowListRoundTrips() {
    TtlCache<String, HashMap<String, Integer>> cache =
        builder().valueCodec(serializableMapCodec()).build();
    HashMap<String, Integer> cart = new HashMap<>(Map.of("apples", 3));

    cache.put("cart", cart);

    assertThat(cache.getIfPresent("cart")).isEqualTo(cart);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ValueCodec<HashMap<String, Integer>> serializableMapCodec() {
    return (ValueCodec) ValueCodec.serializable(HashMap.class);
  }

  @Test
  void aLargeCompressibleValueRoundTrips() {
    TtlCache<String, String> cache = stringCache();
    String big = "abcdefgh".repeat(100_000); // 800 KB raw, a few KB deflated

    cache.put("big", big);

    assertThat(cache.getIfPresent("big")).isEqualTo(big);
  }

  @Test
  void anEntryOverTheItemLimitFailsNamingTheKeyAndSizeBeforeAnyCall() {
    TtlCache<String, byte[]> cache = builder().valueCodec(ValueCodec.bytes()).build();
    byte[] value = new byte[401 * 1024];
    new Random(1).nextBytes(value);

    assertThatThrownBy(() -> cache.put("huge", value))
        .isInstanceOf(ValueTooLargeException.class)
        .hasMessageContaining("cache:" + name + ":huge")
        .hasMessageContaining("bytes");
    assertThatThrownBy(() -> cache.putAll(Map.of("huge", value)))
        .isInstanceOf(ValueTooLargeException.class);
    assertThat(cache.stats().dynamoDbUsage().totalCalls()).isZero();
  }

  @Test
  void badInputFailsClearlyBeforeAnyCall() {
    TtlCache<String, String> cache = stringCache();
    String tooLong = "k".repeat(2048);
    Duration ttl = Duration.ofMinutes(1);
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);

    assertThatThrownBy(() -> cache.getIfPresent(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> cache.get(null, k -> "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.put(null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.put("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThatThrownBy(() -> cache.put("k", "v", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.putAll(nullValue)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.getAllPresent(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.invalidate(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.increment(null, 1, ttl))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> cache.getIfPresent(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> cache.put("", "v")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.getIfPresent(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
    assertThatThrownBy(() -> cache.invalidateAll(List.of("ok", tooLong)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.put("k", "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TTL must be positive");
    assertThatThrownBy(() -> cache.putIfAbsent("k", "v", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.increment("k", 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.stats().dynamoDbUsage().totalCalls()).isZero();
  }

  @Test
  void aKeyOfExactly2048Utf8BytesIsAcceptedAndOneMoreIsNot() {
    TtlCache<String, String> cache = stringCache();
    int prefixBytes = ("cache:" + name + ":").length();
    String euros = "\u20ac".repeat(600); // 1800 bytes in UTF-8
    String longest = euros + "a".repeat(2048 - prefixBytes - 1800);

    cache.put(longest, "value");

    assertThat(cache.getIfPresent(longest)).isEqualTo("value");
    assertThatThrownBy(() -> cache.put(longest + "a", "value"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2049 bytes");
  }

  @Test
  void statsCountHitsMissesAndLoads() {
    TtlCache<String, String> cache = stringCache();

    cache.get("a", k -> "A");
    cache.get("a", k -> "A");
    cache.getIfPresent("b");

    CacheStats stats = cache.stats();
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(2);
    assertThat(stats.loads()).isEqualTo(1);
    assertThat(stats.toMap()).containsEntry("hits", 1L).containsEntry("loads", 1L);
  }

  /** Starts all tasks at once on their own threads; their results in order. Bounded in time. */
  static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
