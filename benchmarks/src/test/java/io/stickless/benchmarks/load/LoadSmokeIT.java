package io.stickless.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.stickless.benchmarks.load.AppProbe.Usage;
import io.stickless.benchmarks.load.BenchApp.Sessions;
import io.stickless.benchmarks.load.BenchApp.Touch;
import io.stickless.benchmarks.load.LoadBenchmark.CostRow;
import io.stickless.benchmarks.load.LoadBenchmark.LatencyRow;
import io.stickless.benchmarks.load.LoadBenchmark.Plan;
import io.stickless.session.ConsistentReads;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tiny run of the load benchmark: the harness works, the units it counts are non-zero and add up
 * to what the store counted itself, and no session is lost. Timing goals are not checked here: the
 * full runs ({@link LoadBenchmark}) measure them.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class LoadSmokeIT {

  private static final Plan TINY =
      new Plan(20, 2, 60, 300, 40, 100, Duration.ofSeconds(20), CallBound.CALL);

  @Test
  void theReferenceWorkloadCountsUnitsThatAddUpAndLosesNoSession(LocalDynamoDb dynamoDb)
      throws Exception {
    CostRow row = LoadBenchmark.cost(dynamoDb.endpoint(), Touch.DEFAULT, TINY);

    assertThat(row.load().requests()).isEqualTo(TINY.costRequests());
    assertThat(row.load().lost()).isZero();
    assertThat(row.load().stale()).isZero();
    assertThat(row.load().errors()).as(row.load().firstError()).isZero();
    Usage total = row.usage().total();
    assertThat(total.requests()).isEqualTo(TINY.costRequests());
    assertThat(total.rcu()).isPositive();
    assertThat(total.wcu()).isPositive();
    // what the driver's requests were charged, by type, is what the store counted itself
    assertThat(total.calls()).isEqualTo(row.usage().store().calls());
    assertThat(total.rcu()).isCloseTo(row.usage().store().rcu(), within(1e-9));
    assertThat(total.wcu()).isCloseTo(row.usage().store().wcu(), within(1e-9));
    // a read-only request of a ~2 KB session is one strongly consistent GetItem: 1 RCU
    Usage read = row.usage().byType().get(RequestType.READ);
    assertThat(read.requests()).isPositive();
    assertThat(read.rcu()).isEqualTo((double) read.requests());
    // a new session is one PutItem and reads nothing
    Usage created = row.usage().byType().get(RequestType.NEW);
    assertThat(created.writeCalls()).isEqualTo(created.requests());
    assertThat(created.rcu()).isZero();
    assertThat(Report.cost(List.of(row), TINY)).contains("| default (7.5 min) | read-only |");
  }

  @Test
  void strictTouchWritesOnEveryReadOnlyRequest(LocalDynamoDb dynamoDb) throws Exception {
    CostRow row = LoadBenchmark.cost(dynamoDb.endpoint(), Touch.STRICT, TINY);

    Usage read = row.usage().byType().get(RequestType.READ);
    assertThat(read.requests()).isPositive();
    assertThat(read.writeCalls()).isEqualTo(read.requests());
    assertThat(row.load().lost()).isZero();
    assertThat(row.load().errors()).as(row.load().firstError()).isZero();
  }

  @Test
  void hintedReadsHalveTheReadOnlyRequestsUnitsAndLoseNothing(LocalDynamoDb dynamoDb)
      throws Exception {
    CostRow row =
        LoadBenchmark.cost(dynamoDb.endpoint(), Touch.DEFAULT, ConsistentReads.HINTED, TINY);

    assertThat(row.load().lost()).isZero();
    assertThat(row.load().stale()).isZero();
    assertThat(row.load().errors()).as(row.load().firstError()).isZero();
    // each user's requests are simulated ~30 s apart (exponential gaps), mostly past the hint's
    // 2 s strong-read window: a read-only request is then one eventually consistent GetItem of a
    // ~2 KB session, half a unit; the few within the window after a write read strongly, 1 unit
    Usage read = row.usage().byType().get(RequestType.READ);
    assertThat(read.requests()).isPositive();
    assertThat(read.calls()).isGreaterThanOrEqualTo(read.requests());
    assertThat(read.rcu() / read.requests()).isBetween(0.5, 0.55);
    assertThat(row.usage().total().rcu()).isCloseTo(row.usage().store().rcu(), within(1e-9));
    assertThat(Report.cost(List.of(row), TINY)).contains("| default (7.5 min), hinted reads |");
  }

  @Test
  void latencyIsMeasuredForBothSessionKeepersWithTheRawGetItemBaseline(LocalDynamoDb dynamoDb)
      throws Exception {
    LatencyRow stickless;
    BenchApp.Config config =
        new BenchApp.Config(
            Sessions.STICKLESS,
            Touch.DEFAULT,
            CallBound.CALL,
            0,
            dynamoDb.endpoint(),
            LocalDynamoDb.uniqueTableName("smoke-latency"));
    try (BenchApp app = BenchApp.start(config)) {
      stickless = LoadBenchmark.latency(app.uri(), Sessions.STICKLESS, TINY);
    }
    // the baseline in a JVM of its own, configured through the environment as a separate run is
    LatencyRow container =
        LoadBenchmark.latencyInChildJvm(dynamoDb.endpoint(), Sessions.CONTAINER, TINY);

    for (LatencyRow row : List.of(stickless, container)) {
      // a user the warm-up did not reach yet starts with /new
      assertThat(row.readOnly().requests()).isEqualTo(TINY.latencyRequests());
      assertThat(row.readOnly().of(RequestType.READ).latencyNanos()).isNotEmpty();
      assertThat(row.readOnly().of(RequestType.READ).percentileMicros(50)).isPositive();
      assertThat(row.cpuPerReadOnlyRequest()).isPositive();
      assertThat(row.mix().lost() + row.readOnly().lost()).isZero();
      assertThat(row.mix().stale() + row.readOnly().stale()).isZero();
      assertThat(row.mix().errors() + row.readOnly().errors())
          .as(row.mix().firstError() + row.readOnly().firstError())
          .isZero();
    }
    assertThat(stickless.rawGet().n()).isEqualTo(100);
    assertThat(stickless.rawGet().p50()).isPositive();
    assertThat(stickless.rawGetPerRequest().n()).isEqualTo(100);
    assertThat(stickless.rawGetPerRequest().p50()).isPositive();
    assertThat(Report.latency(List.of(stickless, container), TINY))
        .contains("| Jetty in-memory | read-only |")
        .contains("raw SDK GetItem")
        .contains("one raw SDK GetItem per HTTP request")
        .contains("added latency");
  }
}
