package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.BackendThrottledException;
import io.stickless.BackendUnavailableException;
import io.stickless.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackendHealthTest {

  private final MutableClock clock = MutableClock.startingNow();
  private final BackendHealth health = new BackendHealth(clock, Duration.ofSeconds(1));
  private final BackendUnavailableException outage =
      new BackendUnavailableException("down", new IOException("refused"));

  @Test
  void aHealthyStoreIsAlwaysTried() {
    assertThatCode(health::checkAvailable).doesNotThrowAnyException();
    assertThatCode(health::checkAvailable).doesNotThrowAnyException();
  }

  @Test
  void withinTheWindowAfterAFailureRequestsFailFast() {
    health.failed(outage);
    clock.advance(Duration.ofMillis(999));

    assertThatThrownBy(health::checkAvailable)
        .isInstanceOf(BackendHealth.FailFastException.class)
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("outage-fail-fast");
  }

  @Test
  void afterTheWindowOneRequestProbesAndTheOthersKeepFailingFast() {
    health.failed(outage);
    clock.advance(Duration.ofSeconds(1));

    assertThatCode(health::checkAvailable).doesNotThrowAnyException();
    assertThatThrownBy(health::checkAvailable).isInstanceOf(BackendHealth.FailFastException.class);
  }

  @Test
  void aSuccessfulProbeEndsTheOutage() {
    health.failed(outage);
    clock.advance(Duration.ofSeconds(2));
    health.checkAvailable();

    health.succeeded();

    assertThatCode(health::checkAvailable).doesNotThrowAnyException();
    assertThatCode(health::checkAvailable).doesNotThrowAnyException();
  }

  @Test
  void aCallThatBeganBeforeTheLastSuccessDoesNotReopenTheWindow() {
    health.failed(outage);
    long startedDuringOutage = health.now();
    clock.advance(Duration.ofSeconds(1));
    health.checkAvailable(); // the probe
    health.succeeded(); // the store is back
    clock.advance(Duration.ofSeconds(1));

    health.failed(outage, startedDuringOutage); // times out after recovery

    assertThatCode(health::checkAvailable).doesNotThrowAnyException();
    assertThatCode(health::checkAvailable).doesNotThrowAnyException();
    health.failed(outage, health.now()); // a call begun after the recovery still counts
    assertThatThrownBy(health::checkAvailable).isInstanceOf(BackendHealth.FailFastException.class);
  }

  @Test
  void throttlingNeverOpensTheFailFastWindow() {
    BackendThrottledException throttled =
        new BackendThrottledException("throttled", new IllegalStateException("busy"));
    for (int i = 0; i < 100; i++) {
      health.failed(throttled);
    }

    assertThatCode(health::checkAvailable).doesNotThrowAnyException();
    assertThat(health.throttled()).isEqualTo(100);
    assertThat(health.failedFast()).isZero();

    health.failed(outage);
    assertThatThrownBy(health::checkAvailable).isInstanceOf(BackendHealth.FailFastException.class);
  }

  @Test
  void aZeroWindowNeverFailsFast() {
    BackendHealth off = new BackendHealth(clock, Duration.ZERO);
    off.failed(outage);

    assertThatCode(off::checkAvailable).doesNotThrowAnyException();
    assertThatCode(off::checkAvailable).doesNotThrowAnyException();
  }

  @Test
  void aStallRefusesOnlyTheRequestBeyondTheBoundAndOpensNoWindow() {
    BackendHealth.FailFastException refused = health.stalled(16, 300);

    assertThat(refused)
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("outage-max-waiting-calls");
    assertThat(health.failedFast()).isEqualTo(1);
    assertThat(health.failingFast()).isFalse();
    assertThatCode(health::checkAvailable).doesNotThrowAnyException();
  }

  @Test
  void theFirstFailedCallOfAStalledStoreOpensTheWindowAndASuccessClosesIt() {
    health.stalled(16, 300);
    health.failed(outage);

    assertThat(health.failingFast()).isTrue();
    assertThatThrownBy(health::checkAvailable).isInstanceOf(BackendHealth.FailFastException.class);

    health.succeeded();
    assertThat(health.failingFast()).isFalse();
  }
}
