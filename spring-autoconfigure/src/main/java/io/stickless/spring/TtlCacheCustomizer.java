package io.stickless.spring;

import io.stickless.cache.TtlCacheBuilder;

/**
 * Changes the builder of each cache the auto-configured {@link SticklessCacheManager} creates,
 * before it builds. Every bean of this type is applied, in {@code @Order}. The manager has already
 * set the name, key and value codecs, default TTL, attribute names, consistent reads and (when
 * configured) the near cache; a {@link TtlCacheBuilder} takes each option once, so a customizer
 * sets the others: the clock or the compression threshold.
 *
 * <pre>{@code
 * @Bean
 * TtlCacheCustomizer noCompression() {
 *   return (name, builder) -> builder.compressionThreshold(Integer.MAX_VALUE);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface TtlCacheCustomizer {

  /** Changes the builder of the cache named {@code cacheName}. */
  void customize(String cacheName, TtlCacheBuilder<Object, Object> builder);
}
