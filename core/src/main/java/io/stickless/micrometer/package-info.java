/**
 * Micrometer meters for Stickless, for any application that has Micrometer (an optional dependency
 * of Stickless): {@link io.stickless.micrometer.SessionStoreMetrics} for a session store, {@link
 * io.stickless.micrometer.TtlCacheMetrics} for a cache and {@link
 * io.stickless.micrometer.ItemSizeMetrics} for the sizes of the items both write. The Spring Boot
 * starter binds them by itself; a plain servlet application binds them to its {@code
 * MeterRegistry}:
 *
 * <pre>{@code
 * new SessionStoreMetrics(store, Tags.empty()).bindTo(registry);
 * new TtlCacheMetrics(profiles, "profiles", Tags.empty()).bindTo(registry);
 * }</pre>
 *
 * <p>Every meter reads a snapshot of the component's own counters when it is published: binding
 * costs nothing on the request path. The one exception is {@link
 * io.stickless.micrometer.ItemSizeMetrics}, the distribution of item sizes: it is created first and
 * handed to the builders ({@code addItemSizeListener}), and records one value per item written.
 */
@NullMarked
package io.stickless.micrometer;

import org.jspecify.annotations.NullMarked;
