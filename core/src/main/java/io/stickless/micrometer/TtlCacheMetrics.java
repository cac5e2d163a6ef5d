package io.stickless.micrometer;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import io.stickless.DynamoDbUsage;
import io.stickless.cache.TtlCache;
import org.jspecify.annotations.Nullable;

/**
 * Binds a {@link TtlCache}'s counters as Micrometer's standard cache meters, tagged {@code
 * cache=<name>}: {@code cache.gets{result=hit|miss}} (near-cache hits included in hits), {@code
 * cache.puts} (the {@code PutItem} calls: puts, stored loads and {@code putIfAbsent}s) and {@code
 * cache.evictions} (the {@code DeleteItem} calls); plus {@code cache.near.hits}, {@code
 * cache.loads{result=success|failure}}, {@code cache.unreadable.values}, and the DynamoDB meters
 * {@code stickless.dynamodb.calls{operation}} and {@code stickless.dynamodb.capacity.units{kind}}
 * tagged {@code component=cache}. The size is unknown (the table is shared): not published. The
 * sizes of the entries written are a distribution, recorded as they happen: {@link
 * ItemSizeMetrics}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TtlCacheMetrics<K, V> extends CacheMeterBinder<TtlCache<K, V>> {

  private final TtlCache<K, V> cache;
  private final Tags dynamoDbTags;

  /**
   * Meters of this cache, named {@code cacheName} in the {@code cache} tag.
   *
   * @throws NullPointerException when an argument is null
   */
  public TtlCacheMetrics(TtlCache<K, V> cache, String cacheName, Iterable<Tag> tags) {
    super(requireNonNull(cache, "cache"), requireNonNull(cacheName, "cacheName"), tags);
    this.cache = cache;
    this.dynamoDbTags = Tags.of(tags).and("cache", cacheName).and("component", "cache");
  }

  @Override
  protected @Nullable Long size() {
    return null;
  }

  @Override
  protected long hitCount() {
    return cache.stats().hits();
  }

  @Override
  protected Long missCount() {
    return cache.stats().misses();
  }

  @Override
  protected Long evictionCount() {
    return cache.stats().dynamoDbUsage().calls(DynamoDbUsage.Operation.DELETE_ITEM);
  }

  @Override
  protected long putCount() {
    return cache.stats().dynamoDbUsage().calls(DynamoDbUsage.Operation.PUT_ITEM);
  }

  @Override
  protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
    FunctionCounter.builder("cache.near.hits", cache, c -> c.stats().nearCacheHits())
        .tags(getTagsWithCacheName())
        .description("Hits answered by the near cache without a DynamoDB call")
        .register(registry);
    FunctionCounter.builder("cache.loads", cache, c -> c.stats().loads())
        .tags(getTagsWithCacheName())
        .tag("result", "success")
        .description("Loader calls that returned")
        .register(registry);
    FunctionCounter.builder("cache.loads", cache, c -> c.stats().loadFailures())
        .tags(getTagsWithCacheName())
        .tag("result", "failure")
        .description("Loader calls that threw")
        .register(registry);
    FunctionCounter.builder("cache.unreadable.values", cache, c -> c.stats().unreadableValues())
        .tags(getTagsWithCacheName())
        .description("Stored values that could not be decoded (counted as misses)")
        .register(registry);
    DynamoDbUsageMeters.bind(registry, dynamoDbTags, cache, c -> c.stats().dynamoDbUsage());
  }
}
