package io.stickless.micrometer;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/**
 * The sizes of the items Stickless writes, as Micrometer distribution summaries in bytes (count,
 * total, max; DynamoDB bills each write per 1 KB of the whole item and refuses items above 400 KB):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>tags</th><th>records</th></tr>
 *   <tr><td>{@code stickless.sessions.item.size}</td><td>{@code component=sessions}</td>
 *       <td>the session item after each write that stored attributes (new session, changed
 *       attributes, principal or max inactive interval, id change; not touches)</td></tr>
 *   <tr><td>{@code stickless.cache.item.size}</td><td>{@code component=cache}, {@code
 *       cache=<name>}</td><td>each entry written (put, putAll, stored load, putIfAbsent that
 *       stored)</td></tr>
 * </table>
 *
 * <p>Stores and caches are told nothing about Micrometer: this binder hands out listeners that
 * their builders take ({@code addItemSizeListener}), so it exists before them:
 *
 * <pre>{@code
 * ItemSizeMetrics sizes = new ItemSizeMetrics(Tags.empty());
 * SessionStore store = SessionStore.builder(dynamoDb, TableSpec.of("app-table"))
 *     .addItemSizeListener(sizes.sessions())
 *     .build();
 * TtlCache<String, String> profiles = TtlCache.builder(dynamoDb, "app-table")
 *     .name("profiles")
 *     .addItemSizeListener(sizes.cache("profiles"))
 *     .build();
 * sizes.bindTo(registry);
 * }</pre>
 *
 * <p>A listener records into every registry this binder is bound to, including registries bound
 * after the listener was handed out (and listeners handed out after binding, such as a cache
 * created on first use); sizes written before the first {@link #bindTo} are not recorded.
 * Thread-safe.
 */
public final class ItemSizeMetrics implements MeterBinder {

  static final String SESSIONS = "stickless.sessions.item.size";
  static final String CACHE = "stickless.cache.item.size";

  private final Tags tags;
  private final List<MeterRegistry> registries = new ArrayList<>();
  private final Map<String, Sizes> sizes = new LinkedHashMap<>();

  /**
   * Item-size meters tagged with {@code tags} besides their own.
   *
   * @throws NullPointerException when {@code tags} is null
   */
  public ItemSizeMetrics(Iterable<Tag> tags) {
    this.tags = Tags.of(requireNonNull(tags, "tags"));
  }

  /** The listener for a session store's builder: records {@code stickless.sessions.item.size}. */
  public LongConsumer sessions() {
    return sizes(SESSIONS, tags.and("component", "sessions"), "Session items as written");
  }

  /**
   * The listener for the builder of the cache named {@code cacheName}: records {@code
   * stickless.cache.item.size{cache=<cacheName>}}. Caches of one name share one summary.
   *
   * @throws NullPointerException when {@code cacheName} is null
   */
  public LongConsumer cache(String cacheName) {
    requireNonNull(cacheName, "cacheName");
    return sizes(
        CACHE, tags.and("component", "cache").and("cache", cacheName), "Cache entries as written");
  }

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    if (registries.stream().anyMatch(bound -> bound == registry)) {
      return; // bound already: a second summary list entry would record each size twice
    }
    registries.add(registry);
    sizes.values().forEach(s -> s.register(registry));
  }

  private synchronized Sizes sizes(String name, Tags meterTags, String description) {
    return sizes.computeIfAbsent(
        name + meterTags,
        k -> {
          Sizes created = new Sizes(name, meterTags, description);
          registries.forEach(created::register);
          return created;
        });
  }

  /** One summary name and tags, in every registry bound so far. */
  private static final class Sizes implements LongConsumer {

    private final String name;
    private final Tags tags;
    private final String description;
    private final List<DistributionSummary> summaries = new CopyOnWriteArrayList<>();

    Sizes(String name, Tags tags, String description) {
      this.name = name;
      this.tags = tags;
      this.description = description;
    }

    void register(MeterRegistry registry) {
      summaries.add(
          DistributionSummary.builder(name)
              .tags(tags)
              .baseUnit("bytes")
              .description(description)
              .register(registry));
    }

    @Override
    public void accept(long bytes) {
      for (DistributionSummary summary : summaries) {
        summary.record(bytes);
      }
    }

    @Override
    public String toString() {
      return name + tags;
    }
  }
}
