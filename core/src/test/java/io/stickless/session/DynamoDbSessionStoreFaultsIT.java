package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.BackendThrottledException;
import io.stickless.BackendUnavailableException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The session store behind a fault proxy, with the request path's client settings (the {@link
 * DynamoDbRetry#requestPath()} strategy, 2 s per call, 1 s per attempt).
 */
@ExtendWith(LocalDynamoDbExtension.class)
class DynamoDbSessionStoreFaultsIT {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

  /** The call timeout plus what a loaded 2-core machine may add around it. */
  private static final Duration BOUND = CALL_TIMEOUT.plusMillis(750);

  /** A request of the throttling runs makes two calls, each within {@link #BOUND}. */
  private static final Duration REQUEST_BOUND = BOUND.multipliedBy(2);

  /**
   * Calls that time out because the shared 2-core test machine stalled (no answer within the 1 s
   * attempt timeout twice in a row), not because of throttling: counted and reported apart, and
   * bounded, so that the throttling figures are about throttling.
   */
  private static final double MACHINE_STALLS_TOLERATED = 0.002;

  private static final int THREADS = 8;
  private static final int SESSIONS = 50;

  /** A throttling run stops starting requests after this (and then fails its count check). */
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

  private final String table;
  private final SessionStore direct;
  private final AttemptsPerCall attempts = new AttemptsPerCall();
  private DynamoDbFaultProxy proxy;
  private DynamoDbClient client;
  private SessionStore store;

  DynamoDbSessionStoreFaultsIT(TestTable table) {
    this.table = table.createWithTutorialSchema();
    // the runs' sessions are made without the proxy: a create retried after an attempt timeout
    // finds its own first attempt's item, which is not what these tests are about
    this.direct = SessionStore.builder(table.client(), this.table).build();
  }

  @BeforeEach
  void start(LocalDynamoDb server) {
    proxy = DynamoDbFaultProxy.start(server).seed(1013);
    client =
        proxy
            .clientBuilder()
            .overrideConfiguration(
                o ->
                    o.retryStrategy(DynamoDbRetry.requestPath())
                        .apiCallTimeout(CALL_TIMEOUT)
                        .apiCallAttemptTimeout(Duration.ofSeconds(1))
                        .addExecutionInterceptor(attempts))
            .build();
    store = SessionStore.builder(client, table).build();
  }

  @AfterEach
  void stop() {
    client.close();
    proxy.close();
  }

  /**
   * Throttling of a share of all attempts under a bounded load of {@value #THREADS} threads, each
   * request a strongly consistent {@code GetItem} and an {@code UpdateItem} of one session out of
   * {@value #SESSIONS}. Sized so the figures can show: 10,000 requests at 10 % (≥ 99.99 %
   * must succeed: at most one failure), 3,000 at 30 % (≥ 99.9 %: at most three), 1,000 at 60 %
   * (every request answered within the bound, success or {@link BackendThrottledException}).
   */
  @ParameterizedTest(name = "{0} of attempts throttled, {1} requests")
  @CsvSource({"0.1, 10000", "0.3, 3000", "0.6, 1000"})
  void throttlingIsAbsorbedByRetriesOrAnsweredWithinTheBound(double throttled, int requests)
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      StoredSession s = direct.createSession();
      s.setAttribute("n", 0);
      direct.save(s);
      ids.add(s.getId());
    }
    attempts.reset();
    proxy.resetCounts();
    proxy.add(FaultRule.throttle().fraction(throttled));

    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger throttledAnswers = new AtomicInteger();
    AtomicInteger timedOut = new AtomicInteger();
    List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
    long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
    long began = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      done.add(
          pool.submit(
              () -> {
                // bounded in count (requests) and in time (RUN_LIMIT)
                for (int i = next.getAndIncrement();
                    i < requests && System.nanoTime() < deadline;
                    i = next.getAndIncrement()) {
                  String id = ids.get(i % ids.size());
                  long start = System.nanoTime();
                  try {
                    StoredSession s = store.findById(id);
                    s.setAttribute("n", i);
                    store.save(s);
                    ok.incrementAndGet();
                  } catch (BackendThrottledException e) {
                    throttledAnswers.incrementAndGet();
                  } catch (BackendUnavailableException e) {
                    if (String.valueOf(e.getMessage()).contains("did not complete before")) {
                      timedOut.incrementAndGet();
                    } else {
                      unexpected.add(e);
                    }
                  } catch (RuntimeException e) {
                    unexpected.add(e);
                  } finally {
                    latencies[i] = System.nanoTime() - start;
                  }
                }
              }));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(RUN_LIMIT.toSeconds() + 30, TimeUnit.SECONDS))
        .as("bounded load finished")
        .isTrue();
    for (Future<?> f : done) {
      f.get();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - began);

    long[] sorted = latencies.clone();
    java.util.Arrays.sort(sorted);
    Duration p99 = Duration.ofNanos(sorted[(int) Math.ceil(requests * 0.99) - 1]);
    Duration max = Duration.ofNanos(sorted[requests - 1]);
    LoggerFactory.getLogger(getClass())
        .info(
            "Throttled {}% of attempts: {} requests (GetItem + UpdateItem, {} threads) in {} s,"
                + " {}% succeeded, {} answered 'throttled', {} timed out (machine stalls), {}"
                + " other failures, p99 {} ms, max {}"
                + " ms, attempts per call mean {} max {}, {} attempts throttled of {}, {}"
                + " unanswered, slowest answer {} ms, attempts of the failed calls {}",
            Math.round(throttled * 100),
            requests,
            THREADS,
            took.toSeconds(),
            String.format(java.util.Locale.ROOT, "%.3f", 100.0 * ok.get() / requests),
            throttledAnswers.get(),
            timedOut.get(),
            unexpected.size(),
            p99.toMillis(),
            max.toMillis(),
            String.format(java.util.Locale.ROOT, "%.2f", attempts.mean()),
            attempts.max(),
            proxy.injectedFaults(),
            proxy.totalAttempts(),
            attempts.unanswered(),
            attempts.slowestAnswer().toMillis(),
            attempts.failedCalls().size() > 20
                ? attempts.failedCalls().size() + " calls"
                : attempts.failedCalls());

    assertThat(next.get())
        .as("every request ran within %s", RUN_LIMIT)
        .isGreaterThanOrEqualTo(requests);
    assertThat(unexpected).as("nothing but success or a throttled answer").isEmpty();
    assertThat(timedOut.get())
        .as("calls timed out by machine stalls, not throttling")
        .isLessThanOrEqualTo((int) (requests * MACHINE_STALLS_TOLERATED));
    assertThat(max).as("every request answered within the bound").isLessThan(REQUEST_BOUND);
    assertThat(attempts.max()).isLessThanOrEqualTo(DynamoDbRetry.DEFAULT_MAX_ATTEMPTS);
    assertThat(proxy.injectedFaults())
        .as("the share of attempts throttled")
        .isGreaterThan((long) (requests * 2 * throttled * 0.8));
    int failedByThrottling = throttledAnswers.get();
    if (throttled <= 0.1) {
      assertThat(failedByThrottling)
          .as("≥ 99.99 %% of %s requests succeed at %s", requests, throttled)
          .isLessThanOrEqualTo(requests / 10_000);
    } else if (throttled <= 0.3) {
      assertThat(failedByThrottling)
          .as("≥ 99.9 %% of %s requests succeed at %s", requests, throttled)
          .isLessThanOrEqualTo(requests / 1_000);
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
  void aNewSessionWhosePutWasAnsweredTooLateIsCreatedOnceWithoutAnError() {
    AtomicBoolean first = new AtomicBoolean(true);
    proxy.add(
        exchange -> {
          if (exchange.operation().equals("PutItem") && first.getAndSet(false)) {
            exchange.proceed(); // DynamoDB writes the item...
            return FaultAnswer.resetConnection(); // ...and its answer is lost: the SDK retries
          }
          return exchange.proceed();
        });
    StoredSession s = store.createSession();
    s.setAttribute("a", "b");

    store.save(s);

    assertThat(proxy.attempts("PutItem")).isEqualTo(2);
    assertThat(direct.findById(s.getId()).getAttribute("a")).isEqualTo("b");
    assertThat(store.stats().sessionsCreated()).isEqualTo(1);
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
    private static final ExecutionAttribute<Long> SENT_AT =
        new ExecutionAttribute<>("stickless-test-sent-at");
    private final List<Integer> counts = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> failedCalls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong transmitted = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong slowestAnswer = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      attributes.putAttribute(COUNT, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      attributes.getAttribute(COUNT).incrementAndGet();
      attributes.putAttribute(SENT_AT, System.nanoTime());
      transmitted.incrementAndGet();
    }

    @Override
    public void afterTransmission(
        Context.AfterTransmission context, ExecutionAttributes attributes) {
      answered.incrementAndGet();
      slowestAnswer.accumulateAndGet(
          System.nanoTime() - attributes.getAttribute(SENT_AT), Math::max);
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
        failedCalls.add(n.get());
      }
    }

    /**
     * Attempts of each failed call: all {@value DynamoDbRetry#DEFAULT_MAX_ATTEMPTS} throttled, or
     * fewer when the SDK's retry quota refused a retry.
     */
    List<Integer> failedCalls() {
      synchronized (failedCalls) {
        return List.copyOf(failedCalls);
      }
    }

    void reset() {
      counts.clear();
      failedCalls.clear();
      transmitted.set(0);
      answered.set(0);
      slowestAnswer.set(0);
    }

    /** Attempts sent that got no answer (the attempt timeout or a broken connection). */
    long unanswered() {
      return transmitted.get() - answered.get();
    }

    /** The longest an answered attempt took. */
    Duration slowestAnswer() {
      return Duration.ofNanos(slowestAnswer.get());
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
