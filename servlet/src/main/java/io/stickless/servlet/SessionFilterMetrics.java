package io.stickless.servlet;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/**
 * Binds a {@link SessionFilter}'s outage counters as Micrometer function counters, for any
 * application that has Micrometer (an optional dependency of {@code stickless-servlet}); the Spring
 * Boot starter binds them by itself. Meters, tagged with the given tags:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>counts</th></tr>
 *   <tr><td>{@code stickless.filter.unavailable.responses}</td><td>requests answered {@code 503}
 *       because the store could not be reached ({@link SessionFilter#unavailableResponses()})</td></tr>
 *   <tr><td>{@code stickless.filter.failed.fast}</td><td>those answered without trying the store,
 *       within the fail-fast window ({@link SessionFilter#failedFastRequests()})</td></tr>
 *   <tr><td>{@code stickless.filter.lost.commits}</td><td>requests whose session changes were lost
 *       after the response had gone out ({@link SessionFilter#lostCommits()})</td></tr>
 * </table>
 *
 * <pre>{@code
 * new SessionFilterMetrics(filter, Tags.empty()).bindTo(registry);
 * }</pre>
 *
 * <p>The meters read the filter's counters when they are published: nothing is added to the request
 * path. They may be bound before the filter is initialized (they read zero until then).
 */
public final class SessionFilterMetrics implements MeterBinder {

  private final SessionFilter filter;
  private final Tags tags;

  /**
   * Meters of this filter, tagged with {@code tags}.
   *
   * @throws NullPointerException when an argument is null
   */
  public SessionFilterMetrics(SessionFilter filter, Iterable<Tag> tags) {
    this.filter = requireNonNull(filter, "filter");
    this.tags = Tags.of(requireNonNull(tags, "tags"));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(
        registry,
        "unavailable.responses",
        "Requests answered 503 because the session store could not be reached",
        SessionFilter::unavailableResponses);
    counter(
        registry,
        "failed.fast",
        "Requests answered 503 without trying the store, within the fail-fast window of an outage",
        SessionFilter::failedFastRequests);
    counter(
        registry,
        "lost.commits",
        "Requests whose session changes were lost: saving failed after the response had gone out",
        SessionFilter::lostCommits);
  }

  // Micrometer holds the filter weakly: the filter itself (held by the container) is the object,
  // never a lambda made for the occasion.
  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      ToLongFunction<SessionFilter> count) {
    FunctionCounter.builder("stickless.filter." + name, filter, count::applyAsLong)
        .tags(tags)
        .description(description)
        .register(registry);
  }
}
