/**
 * Micrometer meters for Stickless, for any application that has Micrometer (an optional dependency
 * of Stickless): {@link io.stickless.micrometer.SessionStoreMetrics} for a session store and {@link
 * io.stickless.micrometer.TtlCacheMetrics} for a cache. The Spring Boot starter binds them by
 * itself; a plain servlet application binds them to its {@code MeterRegistry}:
 *
 * <pre>{@code
 * new SessionStoreMetrics(store, Tags.empty()).bindTo(registry);
 * new TtlCacheMetrics(profiles, "profiles", Tags.empty()).bindTo(registry);
 * }</pre>
 *
 * <p>Every meter reads a snapshot of the component's own counters when it is published: binding
 * costs nothing on the request path.
 */
@NullMarked
package io.stickless.micrometer;

import org.jspecify.annotations.NullMarked;
