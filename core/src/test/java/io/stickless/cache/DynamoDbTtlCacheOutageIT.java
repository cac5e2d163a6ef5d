package io.stickless.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stickless.BackendUnavailableException;
import io.stickless.DynamoDbRequestPath;
import io.stickless.DynamoDbRetry;
import io.stickless.DynamoDbUsage;
import io.stickless.testing.DynamoDbFaultProxy;
import io.stickless.testing.FaultRule;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The cache while DynamoDB is unreachable, stalled or throttled, through a fault proxy. */
@ExtendWith(LocalDynamoDbExtension.class)
class DynamoDbTtlCacheOutageIT {

  /** Every call here must answer within this, however DynamoDB misbehaves. */
  private static final Duration BOUND = Duration.ofSeconds(2);

  private final String table;
  private DynamoDbFaultProxy proxy;
  private DynamoDbClient client;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger cacheLogger = (Logger) LoggerFactory.getLogger(TtlCache.class);

  DynamoDbTtlCacheOutageIT(TestTable table) {
    this.table = table.createWithTutorialSchema();
  }

  @BeforeEach
  void start(LocalDynamoDb server) {
    proxy = DynamoDbFaultProxy.start(server).seed(13);
    // short timeouts keep the outage tests quick
    client = requestPathClient(Duration.ofMillis(500), Duration.ofMillis(250));
    warmUp();
    logs.start();
    cacheLogger.addAppender(logs);
  }

  @AfterEach
  void stop() {
    cacheLogger.detachAppender(logs);
    client.close();
    proxy.close();
  }

  private DynamoDbClient requestPathClient(Duration callTimeout, Duration attemptTimeout) {
    return proxy
        .pointAtProxy(
            DynamoDbRequestPath.clientBuilder(
                callTimeout, attemptTimeout, DynamoDbRetry.requestPath()))
        .build();
  }

  /** A new client's first calls are slow (class loading); not what the bounds are about. */
  private void warmUp() {
    TtlCache<String, String> cache = builder("warm-up").build();
    for (int i = 0; i < 3; i++) {
      cache.put("w", "v");
      cache.getIfPresent("w");
      cache.getAllPresent(List.of("w"));
      cache.invalidate("w");
    }
    proxy.resetCounts();
  }

  private TtlCacheBuilder<String, String> builder(String name) {
    return TtlCache.builder(client, table).name(name);
  }

  @Test
  void getFallsBackToTheLoaderAndSkipsTheWriteWhenDynamoDbIsUnreachable() {
    TtlCache<String, String> cache = builder("loader").build();
    proxy.refuseConnections();
    AtomicInteger loads = new AtomicInteger();

    String value = within(() -> cache.get("k", k -> "loaded-" + loads.incrementAndGet()));

    assertThat(value).isEqualTo("loaded-1");
    CacheStats stats = cache.stats();
    assertThat(stats.unavailableReads()).isEqualTo(1);
    assertThat(stats.skippedWrites()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.dynamoDbUsage().calls(io.stickless.DynamoDbUsage.Operation.PUT_ITEM))
        .as("no write is tried after the read failed")
        .isZero();

    proxy.clear();
    assertThat(cache.get("k", k -> "loaded-" + loads.incrementAndGet())).isEqualTo("loaded-2");
    assertThat(cache.getIfPresent("k")).as("stored once DynamoDB answers").isEqualTo("loaded-2");
  }

  @Test
  void readsAnswerAbsentAndWritesAreSkippedAndCounted() {
    TtlCache<String, String> cache = builder("skips").build();
    cache.put("there", "v");
    proxy.refuseConnections();

    assertThat(within(() -> cache.getIfPresent("there"))).isNull();
    assertThat(within(() -> cache.getAllPresent(List.of("there", "a", "b")))).isEmpty();
    within(() -> run(() -> cache.put("x", "1")));
    within(() -> run(() -> cache.putAll(Map.of("y", "2", "z", "3"))));
    within(() -> run(() -> cache.invalidate("there")));
    within(() -> run(() -> cache.invalidateAll(List.of("y", "z"))));

    CacheStats stats = cache.stats();
    assertThat(stats.unavailableReads()).isEqualTo(4);
    assertThat(stats.skippedWrites()).isEqualTo(1 + 2 + 1 + 2);
    proxy.clear();
    assertThat(cache.getIfPresent("there")).as("the skipped invalidate left it").isEqualTo("v");
    assertThat(cache.getIfPresent("x")).as("the skipped put wrote nothing").isNull();
  }

  @Test
  void putIfAbsentAndIncrementAlwaysThrowSinceOnlyDynamoDbCanDecideThem() {
    TtlCache<String, String> cache = builder("decide").build();
    proxy.refuseConnections();

    assertThatThrownBy(() -> cache.putIfAbsent("lock", "me", Duration.ofMinutes(1)))
        .isInstanceOf(BackendUnavailableException.class);
    assertThatThrownBy(() -> cache.increment("rate", 1, Duration.ofMinutes(1)))
        .isInstanceOf(BackendUnavailableException.class);
  }

  @Test
  void theNearCacheKeepsServingUnexpiredEntriesDuringAStall() {
    TtlCache<String, String> cache = builder("near").nearCache(100, Duration.ofMinutes(5)).build();
    cache.put("hot", "value");
    proxy.add(FaultRule.stall());
    long attemptsBefore = proxy.totalAttempts();

    for (int i = 0; i < 20; i++) {
      assertThat(within(() -> cache.getIfPresent("hot"))).isEqualTo("value");
      assertThat(within(() -> cache.get("hot", k -> "loader"))).isEqualTo("value");
    }
    assertThat(proxy.totalAttempts()).isEqualTo(attemptsBefore);
    assertThat(within(() -> cache.get("cold", k -> "loaded"))).isEqualTo("loaded");
    assertThat(cache.stats().unavailableReads()).isEqualTo(1);
  }

  @Test
  void withFailOpenOffEveryOperationThrows() {
    TtlCache<String, String> cache = builder("strict").failOpen(false).build();
    proxy.refuseConnections();

    assertThatThrownBy(() -> cache.getIfPresent("k"))
        .isInstanceOf(BackendUnavailableException.class);
    assertThatThrownBy(() -> cache.get("k", k -> "v"))
        .isInstanceOf(BackendUnavailableException.class);
    assertThatThrownBy(() -> cache.put("k", "v")).isInstanceOf(BackendUnavailableException.class);
    assertThatThrownBy(() -> cache.invalidate("k")).isInstanceOf(BackendUnavailableException.class);
    assertThat(cache.stats().unavailableReads()).isZero();
  }

  @Test
  void anOutageIsLoggedOnceAtWarnAndItsEndOnceAtInfo() {
    TtlCache<String, String> cache = builder("logged").build();
    proxy.refuseConnections();
    for (int i = 0; i < 3; i++) {
      cache.getIfPresent("k" + i);
      cache.put("k" + i, "v");
    }
    proxy.clear();
    for (int i = 0; i < 3; i++) {
      cache.put("k" + i, "v");
    }

    assertThat(events(Level.WARN)).hasSize(1);
    assertThat(events(Level.WARN).get(0).getFormattedMessage())
        .contains("Cache 'logged'")
        .contains("DynamoDB unavailable")
        .doesNotContain("k0");
    assertThat(events(Level.INFO)).hasSize(1);
    assertThat(events(Level.INFO).get(0).getFormattedMessage()).contains("answers again");
  }

  @Test
  void throttlingIsRetriedAwayAndNeverAnsweredFromTheFallback() {
    // the request path's timeouts: the retries' backoff (at most 1.1 s) fits inside the call's
    client.close();
    client = requestPathClient(Duration.ofSeconds(2), Duration.ofSeconds(1));
    TtlCache<String, String> cache = builder("throttled").build();
    cache.put("k", "v");
    DynamoDbUsage before = cache.stats().dynamoDbUsage();
    proxy.resetCounts();
    proxy.add(FaultRule.throttle().fraction(0.3));

    int calls = 100;
    for (int i = 0; i < calls; i++) {
      assertThat(cache.getIfPresent("k")).isEqualTo("v");
    }

    CacheStats stats = cache.stats();
    assertThat(stats.unavailableReads()).isZero();
    assertThat(stats.hits()).isEqualTo(calls);
    assertThat(proxy.injectedFaults()).isPositive();
    // every attempt either answered one of the cache's GetItems (the entry's, and the generation's
    // re-read about once a second) or was throttled and retried
    long getItems = stats.dynamoDbUsage().minus(before).calls(DynamoDbUsage.Operation.GET_ITEM);
    assertThat(getItems).isGreaterThanOrEqualTo(calls);
    assertThat(proxy.attempts("GetItem")).isEqualTo(getItems + proxy.injectedFaults());
    assertThat(events(Level.WARN)).isEmpty();
  }

  private static Void run(Runnable r) {
    r.run();
    return null;
  }

  private List<ILoggingEvent> events(Level level) {
    return logs.list.stream().filter(e -> e.getLevel() == level).toList();
  }

  /** Runs the call and checks it answered within {@link #BOUND}. */
  private static <T> T within(java.util.concurrent.Callable<T> call) {
    long start = System.nanoTime();
    try {
      return call.call();
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    }
  }
}
