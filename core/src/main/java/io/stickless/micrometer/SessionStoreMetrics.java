package io.stickless.micrometer;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.stickless.session.SessionStore;
import io.stickless.session.SessionStoreStats;
import java.util.function.ToLongFunction;

/**
 * Binds a {@link SessionStore}'s counters ({@link SessionStore#stats()}) as Micrometer function
 * counters, all tagged {@code component=sessions} plus the given tags:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>tags</th><th>counts</th></tr>
 *   <tr><td>{@code stickless.dynamodb.calls}</td><td>{@code operation} (get_item, put_item,
 *       update_item, delete_item, batch_get_item, batch_write_item, query)</td><td>calls sent</td></tr>
 *   <tr><td>{@code stickless.dynamodb.capacity.units}</td><td>{@code kind} (read, write)</td>
 *       <td>consumed capacity units</td></tr>
 *   <tr><td>{@code stickless.sessions.created}</td><td></td><td>new sessions written</td></tr>
 *   <tr><td>{@code stickless.sessions.attribute.writes}</td><td></td><td>saves that wrote
 *       changes</td></tr>
 *   <tr><td>{@code stickless.sessions.touches}</td><td></td><td>saves that only moved the
 *       expiry</td></tr>
 *   <tr><td>{@code stickless.sessions.invalidated}</td><td></td><td>stored sessions invalidated
 *       or deleted by id (not the id change's delete of the old item)</td></tr>
 *   <tr><td>{@code stickless.sessions.dropped.writes}</td><td></td><td>saves dropped because the
 *       session was invalidated or expired meanwhile</td></tr>
 *   <tr><td>{@code stickless.sessions.conflicts}</td><td></td><td>saves refused in optimistic
 *       mode</td></tr>
 *   <tr><td>{@code stickless.sessions.unreadable.attributes}</td><td></td><td>values that could
 *       not be decoded</td></tr>
 *   <tr><td>{@code stickless.sessions.malformed.ids}</td><td></td><td>ids refused without a
 *       call</td></tr>
 * </table>
 *
 * <p>The sizes of the items written are a distribution, recorded as they happen: {@link
 * ItemSizeMetrics}.
 */
public final class SessionStoreMetrics implements MeterBinder {

  private final SessionStore store;
  private final Tags tags;

  /**
   * Meters of this store, tagged with {@code tags} besides {@code component=sessions}.
   *
   * @throws NullPointerException when an argument is null
   */
  public SessionStoreMetrics(SessionStore store, Iterable<Tag> tags) {
    this.store = requireNonNull(store, "store");
    this.tags = Tags.of(requireNonNull(tags, "tags")).and("component", "sessions");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    DynamoDbUsageMeters.bind(registry, tags, store, s -> s.stats().usage());
    counter(registry, "created", "New sessions written", SessionStoreStats::sessionsCreated);
    counter(
        registry,
        "attribute.writes",
        "Saves that wrote changed attributes",
        SessionStoreStats::attributeWrites);
    counter(registry, "touches", "Saves that only moved the expiry", SessionStoreStats::touches);
    counter(
        registry,
        "invalidated",
        "Stored sessions invalidated or deleted by id",
        SessionStoreStats::invalidations);
    counter(
        registry,
        "dropped.writes",
        "Saves dropped: the session was invalidated or expired meanwhile",
        SessionStoreStats::droppedWrites);
    counter(
        registry, "conflicts", "Saves refused in optimistic mode", SessionStoreStats::conflicts);
    counter(
        registry,
        "unreadable.attributes",
        "Attribute values that could not be decoded",
        SessionStoreStats::unreadableAttributes);
    counter(
        registry,
        "malformed.ids",
        "Session ids refused without a call",
        SessionStoreStats::malformedIds);
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String description,
      ToLongFunction<SessionStoreStats> count) {
    FunctionCounter.builder("stickless.sessions." + name, store, s -> count.applyAsLong(s.stats()))
        .tags(tags)
        .description(description)
        .register(registry);
  }
}
