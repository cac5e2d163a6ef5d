package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StallBoundTest {

  private static final Duration STALL_AFTER = Duration.ofMillis(250);

  private final MutableClock clock = MutableClock.startingNow();
  private final StallBound bound = new StallBound(clock, 4, STALL_AFTER);
  private double consumedUnits;

  private List<StallBound.Call> enter(int calls) {
    List<StallBound.Call> entered = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      StallBound.Call call = bound.enter(false);
      assertThat(call).as("call %d let in", i).isNotNull();
      entered.add(call);
    }
    return entered;
  }

  /** A call that DynamoDB answered: the capacity its answer reports adds up. */
  private void answer(StallBound.Call call) {
    bound.exit(call, false, ++consumedUnits);
  }

  @Test
  void aStoreThatStopsAnsweringGetsNoMoreThanTheLimitOfWaitingCalls() {
    answer(bound.enter(false));
    enter(4);
    clock.advance(STALL_AFTER);

    assertThat(bound.enter(false)).isNull();
    assertThat(bound.waiting()).isEqualTo(4);
    assertThat(bound.oldestWaitMillis()).isEqualTo(STALL_AFTER.toMillis());
  }

  @Test
  void belowTheLimitCallsGoOnEvenToAStalledStore() {
    enter(3);
    clock.advance(Duration.ofSeconds(1));

    assertThat(bound.enter(false)).isNotNull();
  }

  @Test
  void aBurstOfCallsIsNotLimitedBeforeTheStallTimeHasPassed() {
    enter(4);
    clock.advance(STALL_AFTER.minusMillis(1));

    assertThat(enter(20)).hasSize(20);
  }

  @Test
  void aBusyHealthyStoreIsNeverLimited() {
    List<StallBound.Call> waiting = new ArrayList<>(enter(8));
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofMillis(100));
      // the oldest call keeps waiting, but others are answered all the time
      answer(waiting.remove(waiting.size() - 1));
      waiting.addAll(enter(2));
    }
    assertThat(bound.waiting()).isGreaterThan(4);
  }

  @Test
  void aCallEndingWithAnAnswerOfItsOwnCountsAsAnAnswer() {
    answer(bound.enter(false));
    List<StallBound.Call> waiting = enter(5);
    clock.advance(STALL_AFTER);
    // e.g. throttled, or a failed condition: no capacity reported, yet DynamoDB answered
    bound.exit(waiting.get(4), true, consumedUnits);

    assertThat(bound.enter(false)).isNotNull();
  }

  @Test
  void aCallThatReturnsWithoutReachingDynamoDbIsNoAnswer() {
    answer(bound.enter(false));
    List<StallBound.Call> waiting = enter(5);
    clock.advance(STALL_AFTER);
    // a save with nothing to write returns at once; no capacity reported
    bound.exit(waiting.get(4), false, consumedUnits);

    assertThat(bound.enter(false)).isNull();
  }

  @Test
  void aCallTheOutageLetsThroughAsProbeIsAlwaysAdmitted() {
    answer(bound.enter(false));
    enter(4);
    clock.advance(Duration.ofSeconds(1));

    assertThat(bound.enter(false)).isNull();
    assertThat(bound.enter(true)).isNotNull();
  }

  @Test
  void aStoreThatHasNeverAnsweredIsNotJudged() {
    // a starting application's first calls may all take long: the call timeout finds a dead store
    enter(20);
    clock.advance(Duration.ofSeconds(1));

    assertThat(bound.enter(false)).isNotNull();
  }

  @Test
  void anAnswerEndsTheStall() {
    answer(bound.enter(false));
    List<StallBound.Call> waiting = enter(5);
    clock.advance(STALL_AFTER);
    assertThat(bound.enter(false)).isNull();

    answer(waiting.get(0));
    assertThat(bound.enter(false)).isNotNull();
  }

  @Test
  void zeroTurnsTheBoundOff() {
    StallBound off = new StallBound(clock, 0, STALL_AFTER);
    off.exit(off.enter(false), true, 0);
    for (int i = 0; i < 50; i++) {
      off.enter(false);
    }
    clock.advance(Duration.ofSeconds(10));

    assertThat(off.enter(false)).isNotNull();
  }

  @Test
  void aNegativeLimitOrANonPositiveStallTimeIsRefusedWithTheValue() {
    assertThatThrownBy(() -> StallBound.of(clock, -1, STALL_AFTER, "outage-max-waiting-calls"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outage-max-waiting-calls")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> StallBound.of(clock, 4, Duration.ZERO, "outage-stall-after"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outage-stall-after")
        .hasMessageContaining("PT0S");
  }
}
