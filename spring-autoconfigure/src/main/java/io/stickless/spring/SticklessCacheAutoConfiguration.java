package io.stickless.spring;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.stickless.cache.TtlCache;
import io.stickless.cache.TtlCacheBuilder;
import io.stickless.micrometer.TtlCacheMetrics;
import java.util.concurrent.ForkJoinPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link SticklessCacheManager} when the application enables caching ({@code @EnableCaching}) and
 * defines no {@link CacheManager}; it comes before Boot's own cache auto-configuration, which then
 * backs off. With Micrometer and {@code spring-boot-cache}, every Stickless cache gets Boot's
 * standard cache meters.
 */
@AutoConfiguration(
    after = SticklessAutoConfiguration.class,
    beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(CacheManager.class)
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnProperty(
    prefix = "stickless.cache",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public final class SticklessCacheAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
  SticklessCacheManager cacheManager(
      SticklessTable table,
      SticklessProperties properties,
      ObjectProvider<TtlCacheCustomizer> customizers,
      ObjectProvider<CacheMetricsOnFirstUse> metricsOnFirstUse) {
    SticklessProperties.Cache cache = properties.getCache();
    SticklessCacheManager manager =
        new SticklessCacheManager(
            name -> {
              TtlCacheBuilder<String, String> builder =
                  TtlCache.builder(table.client(), table.spec().tableName())
                      .keyAttribute(table.spec().keyAttribute())
                      .ttlAttribute(table.spec().ttlAttribute())
                      .consistentReads(cache.isConsistentReads());
              if (cache.getNearCacheMaxEntries() > 0) {
                builder.nearCache(cache.getNearCacheMaxEntries(), cache.getNearCacheMaxStaleness());
              }
              return builder;
            },
            cache.getCacheNames(),
            cache.getTimeToLivePerCache(),
            cache.getTimeToLive(),
            cache.isCacheNullValues(),
            cache.getAllowedClasses(),
            ForkJoinPool.commonPool(),
            (name, builder) ->
                customizers.orderedStream().forEach(c -> c.customize(name, builder)));
    manager.onCacheCreatedOnFirstUse(
        created -> metricsOnFirstUse.ifAvailable(metrics -> metrics.bind(created)));
    return manager;
  }

  /**
   * Boot's cache meters ({@code cache.gets}, {@code cache.puts}, ...) for Stickless caches: Boot
   * binds those existing at start-up; caches created on first use are bound as they are created,
   * through Boot's {@link CacheMetricsRegistrar} (there only when a {@code MeterRegistry} is).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterBinder.class, CacheMeterBinderProvider.class})
  static class CacheMetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "sticklessCacheMeterBinderProvider")
    CacheMeterBinderProvider<SticklessCache> sticklessCacheMeterBinderProvider() {
      return (cache, tags) -> new TtlCacheMetrics<>(cache.getNativeCache(), cache.getName(), tags);
    }

    @Bean
    CacheMetricsOnFirstUse sticklessCacheMetricsOnFirstUse(
        ObjectProvider<CacheMetricsRegistrar> registrar) {
      // Boot tags a manager's caches with its bean name ("cacheManager" keeps its suffix)
      return cache ->
          registrar.ifAvailable(
              r -> r.bindCacheToRegistry(cache, Tag.of("cache.manager", "cacheManager")));
    }
  }

  /** Binds the meters of a cache the manager created on first use. */
  @FunctionalInterface
  interface CacheMetricsOnFirstUse {
    void bind(SticklessCache cache);
  }
}
