package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.BackendThrottledException;
import io.stickless.BackendUnavailableException;
import io.stickless.DynamoDbRequestPath;
import io.stickless.DynamoDbRetry;
import io.stickless.SticklessException;
import io.stickless.testing.DynamoDbFaultProxy;
import io.stickless.testing.FaultAnswer;
import io.stickless.testing.FaultRule;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The session store behind a fault proxy, with the request path's client ({@link
 * DynamoDbRequestPath#clientBuilder()}: the {@link DynamoDbRetry#requestPath()} strategy, 2 s per
 * call, 1 s per attempt).
 */
@ExtendWith(LocalDynamoDbExtension.class)
class DynamoDbSessionStoreFaultsIT {

  private static final Duration CALL_TIMEOUT = DynamoDbRequestPath.DEFAULT_CALL_TIMEOUT;

  /** The call timeout plus what a loaded 2-core machine may add around it. */
  private static final Duration BOUND = CALL_TIMEOUT.plusMillis(750);

  private static final int THREADS = 4;
  private static final int OPS_PER_THREAD = 40;

  private final String table;
  private final AttemptsPerCall attempts = new AttemptsPerCall();
  private DynamoDbFaultProxy proxy;
  private DynamoDbClient client;
  private SessionStore store;

  DynamoDbSessionStoreFaultsIT(TestTable table) {
    this.table = table.createWithTutorialSchema();
  }

  @BeforeEach
  void start(LocalDynamoDb server) {
    proxy = DynamoDbFaultProxy.start(server).seed(1013);
    DynamoDbClientBuilder builder = proxy.pointAtProxy(DynamoDbRequestPath.clientBuilder());
    client =
        builder
            .overrideConfiguration(
                builder.overrideConfiguration().toBuilder()
                    .addExecutionInterceptor(attempts)
                    .build())
            .build();
    store = SessionStore.builder(client, table).build();
  }

  @AfterEach
  void stop() {
    client.close();
    proxy.close();
  }

  @ParameterizedTest(name = "{0} of attempts throttled")
  @ValueSource(doubles = {0.1, 0.3, 0.6})
  void throttlingIsAbsorbedByRetriesOrAnsweredWithinTheBound(double throttled) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      StoredSession s = store.createSession();
      s.setAttribute("n", 0);
      store.save(s);
      ids.add(s.getId());
    }
    attempts.reset();
    proxy.resetCounts();
    proxy.add(FaultRule.throttle().fraction(throttled));

    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger throttledAnswers = new AtomicInteger();
    List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < OPS_PER_THREAD; i++) {
                  String id = ids.get((thread * OPS_PER_THREAD + i) % ids.size());
                  long start = System.nanoTime();
                  try {
                    StoredSession s = store.findById(id);
                    s.setAttribute("n", i);
                    store.save(s);
                    ok.incrementAndGet();
                  } catch (BackendThrottledException e) {
                    throttledAnswers.incrementAndGet();
                  } catch (RuntimeException e) {
                    unexpected.add(e);
                  } finally {
                    latencies.add(System.nanoTime() - start);
                  }
                }
              }));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).as("bounded load finished").isTrue();
    for (Future<?> f : done) {
      f.get();
    }

    int ops = THREADS * OPS_PER_THREAD;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    Duration p99 = Duration.ofNanos(sorted.get((int) Math.ceil(ops * 0.99) - 1));
    Duration max = Duration.ofNanos(sorted.get(ops - 1));
    double successRate = 100.0 * ok.get() / ops;
    LoggerFactory.getLogger(getClass())
        .info(
            "Throttled {}% of attempts: {} requests (GetItem + UpdateItem), {}% succeeded, {}"
                + " answered 'throttled', p99 {} ms, max {} ms, attempts per call mean {} max {}",
            Math.round(throttled * 100),
            ops,
            String.format("%.2f", successRate),
            throttledAnswers.get(),
            p99.toMillis(),
            max.toMillis(),
            String.format("%.2f", attempts.mean()),
            attempts.max());

    assertThat(unexpected).as("nothing but success or a throttled answer").isEmpty();
    assertThat(latencies).hasSize(ops);
    assertThat(max).as("every request answered within the bound").isLessThan(BOUND);
    assertThat(attempts.max()).isLessThanOrEqualTo(DynamoDbRetry.DEFAULT_MAX_ATTEMPTS);
    assertThat(proxy.injectedFaults()).isPositive();
    if (throttled <= 0.1) {
      assertThat(ok.get()).as("≥ 99.99 %% succeed at %s", throttled).isEqualTo(ops);
    } else if (throttled <= 0.3) {
      assertThat(ops - ok.get()).as("≥ 99.9 %% succeed at %s", throttled).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void throttlingBeyondTheRetriesIsReportedAsThrottlingNotAsAnOutage() {
    StoredSession s = store.createSession();
    store.save(s);
    proxy.add(FaultRule.throttle().onlyFor("GetItem"));

    long start = System.nanoTime();
    assertThatThrownBy(() -> store.findById(s.getId()))
        .isInstanceOf(BackendThrottledException.class)
        .hasMessageContaining("throttled")
        .hasMessageContaining("ProvisionedThroughputExceededException");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    assertThat(proxy.attempts("GetItem")).isEqualTo(DynamoDbRetry.DEFAULT_MAX_ATTEMPTS);
  }

  @Test
  void anItemTheSdkCannotReadIsThatItemsProblemNotAnOutage() {
    StoredSession s = store.createSession();
    store.save(s);
    // what dynalite returned for a session with a 65,536-character attribute name
    String hugeName = "a".repeat(65_536);
    proxy.add(
        FaultRule.answer(
                FaultAnswer.json(
                    200,
                    "{\"Item\":{\"key\":{\"S\":\"session:x\"},\"attrs\":{\"M\":{\""
                        + hugeName
                        + "\":{\"B\":\"AA==\"}}}}}"))
            .onlyFor("GetItem"));

    assertThatThrownBy(() -> store.findById(s.getId()))
        .isInstanceOf(SticklessException.class)
        .isNotInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("could not be read");
  }

  @Test
  void serverErrorBurstsAreRetriedAway() {
    StoredSession s = store.createSession();
    s.setAttribute("a", "b");
    store.save(s);
    proxy.add(FaultRule.serverError(503).times(3));
    proxy.add(FaultRule.serverError(500).times(2));
    proxy.add(FaultRule.resetConnection().times(1));

    assertThat(store.findById(s.getId()).getAttribute("a")).isEqualTo("b");
    assertThat(proxy.injectedFaults()).isEqualTo(6);
  }

  /** Counts the attempts of each SDK call (its retries included). */
  static final class AttemptsPerCall implements ExecutionInterceptor {
    private static final ExecutionAttribute<AtomicInteger> COUNT =
        new ExecutionAttribute<>("stickless-test-attempts");
    private final List<Integer> counts = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      attributes.putAttribute(COUNT, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      attributes.getAttribute(COUNT).incrementAndGet();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
      counts.add(attributes.getAttribute(COUNT).get());
    }

    @Override
    public void onExecutionFailure(
        Context.FailedExecution context, ExecutionAttributes attributes) {
      AtomicInteger n = attributes.getAttribute(COUNT);
      if (n != null) {
        counts.add(n.get());
      }
    }

    void reset() {
      counts.clear();
    }

    double mean() {
      synchronized (counts) {
        return counts.stream().mapToInt(Integer::intValue).average().orElse(0);
      }
    }

    int max() {
      synchronized (counts) {
        return counts.stream().mapToInt(Integer::intValue).max().orElse(0);
      }
    }
  }
}
