package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickless.session.SessionStore;
import org.junit.jupiter.api.Test;

/** The binder's names, tags and its reading of a real filter; counting is in the contract. */
class SessionFilterMetricsTest {

  @Test
  void bindsTheThreeCountersOfAFilterNotYetInitialized() {
    SessionFilter filter = SessionFilter.builder(SessionStore.inMemory().build()).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    new SessionFilterMetrics(filter, Tags.of("app", "demo")).bindTo(registry);
    System.gc(); // the meters must not depend on objects only they hold (Micrometer holds weakly)

    for (String name :
        new String[] {
          "stickless.filter.unavailable.responses",
          "stickless.filter.failed.fast",
          "stickless.filter.lost.commits"
        }) {
      FunctionCounter counter = registry.get(name).tags("app", "demo").functionCounter();
      assertThat(counter.count()).as(name).isZero();
      assertThat(counter.getId().getDescription()).as(name).isNotBlank();
    }
    assertThat(registry.getMeters()).hasSize(3);
  }

  @Test
  void refusesNulls() {
    SessionFilter filter = SessionFilter.builder(SessionStore.inMemory().build()).build();
    assertThatNullPointerException()
        .isThrownBy(() -> new SessionFilterMetrics(null, Tags.empty()))
        .withMessage("filter");
    assertThatNullPointerException()
        .isThrownBy(() -> new SessionFilterMetrics(filter, null))
        .withMessage("tags");
  }
}
