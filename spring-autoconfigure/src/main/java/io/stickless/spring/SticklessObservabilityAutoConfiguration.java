package io.stickless.spring;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.stickless.micrometer.ItemSizeMetrics;
import io.stickless.micrometer.SessionStoreMetrics;
import io.stickless.servlet.SessionFilter;
import io.stickless.servlet.SessionFilterMetrics;
import io.stickless.servlet.SticklessServletContainerInitializer;
import io.stickless.session.SessionStore;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code stickless} health indicator (with {@code spring-boot-health}), the session store's and
 * the session filter's Micrometer meters and the item-size meters of sessions and caches (with
 * Micrometer), each backing off for a bean of the same name (the item sizes: of the same type).
 */
@AutoConfiguration(
    after = {SticklessAutoConfiguration.class, SticklessSessionAutoConfiguration.class})
public final class SticklessObservabilityAutoConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnBean(SticklessTable.class)
  @ConditionalOnEnabledHealthIndicator("stickless")
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "sticklessHealthIndicator")
    SticklessHealthIndicator sticklessHealthIndicator(
        SticklessTable table, SticklessProperties properties) {
      return new SticklessHealthIndicator(
          table, properties.getHealth().getCacheDuration(), Clock.systemUTC());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  @ConditionalOnBean(SessionStore.class)
  static class SessionMetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "sticklessSessionMetrics")
    MeterBinder sticklessSessionMetrics(SessionStore store) {
      return new SessionStoreMetrics(store, Tags.empty());
    }
  }

  /**
   * The item-size meters ({@code stickless.sessions.item.size}, {@code stickless.cache.item.size}):
   * one binder, handed to the session store's and every cache's builder by customizers.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  @ConditionalOnBean(SticklessTable.class)
  static class ItemSizeMetricsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ItemSizeMetrics sticklessItemSizeMetrics() {
      return new ItemSizeMetrics(Tags.empty());
    }

    @Bean
    SessionStoreCustomizer sticklessSessionItemSizes(ItemSizeMetrics sizes) {
      return builder -> builder.addItemSizeListener(sizes.sessions());
    }

    @Bean
    TtlCacheCustomizer sticklessCacheItemSizes(ItemSizeMetrics sizes) {
      return (name, builder) -> builder.addItemSizeListener(sizes.cache(name));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterBinder.class, SessionFilterMetrics.class, FilterRegistrationBean.class})
  @ConditionalOnBean(name = SticklessServletContainerInitializer.FILTER_NAME)
  static class FilterMetricsConfiguration {

    /** The meters of the filter the starter registered (or any registration of that name). */
    @Bean
    @ConditionalOnMissingBean(name = "sticklessFilterMetrics")
    MeterBinder sticklessFilterMetrics(
        @Qualifier(SticklessServletContainerInitializer.FILTER_NAME) Object registration) {
      if (registration instanceof FilterRegistrationBean<?> bean
          && bean.getFilter() instanceof SessionFilter filter) {
        return new SessionFilterMetrics(filter, Tags.empty());
      }
      return registry -> {}; // another kind of bean under that name: no filter of ours to meter
    }
  }
}
