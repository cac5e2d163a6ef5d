package io.stickless.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.stickless.internal.ItemSizes;
import io.stickless.testing.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Cache meters in an application context with Micrometer and Boot's cache metrics, on dynalite: a
 * cache listed in {@code stickless.cache.cache-names} and one created on first use both have Boot's
 * cache meters with the counts the calls caused, and every entry written is in {@code
 * stickless.cache.item.size} with the size of the item the table holds.
 */
class CacheMetricsIT {

  static final AtomicInteger QUOTES = new AtomicInteger();

  @Test
  void aCacheCreatedOnFirstUseHasItsMetersWithTheCountsItsCallsCaused() {
    LocalDynamoDb server = LocalDynamoDb.shared();
    String table = LocalDynamoDb.uniqueTableName("cache-metrics");
    new ApplicationContextRunner()
        .withConfiguration(SticklessAutoConfigurationTest.ALL)
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                CacheMetricsAutoConfiguration.class))
        .withUserConfiguration(QuoteApp.class)
        .withPropertyValues(
            "stickless.table=" + table,
            "stickless.table-mode=create",
            "stickless.endpoint=" + server.endpoint(),
            "stickless.region=us-east-1",
            "stickless.api-call-timeout=30s",
            "stickless.api-call-attempt-timeout=10s",
            "stickless.cache.cache-names=") // none fixed: every cache is created on first use
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              CacheManager manager = context.getBean(CacheManager.class);
              assertThat(manager.getCacheNames()).isEmpty();
              assertThat(registry.find("cache.gets").meters()).isEmpty();

              Quotes quotes = context.getBean(Quotes.class);
              String first = quotes.quote("ada");
              assertThat(quotes.quote("ada")).isEqualTo(first);
              assertThat(quotes.quote("ada")).isEqualTo(first);
              quotes.quote("grace");
              assertThat(QUOTES.get()).isEqualTo(2);

              assertThat(manager.getCacheNames()).containsExactly("quotes");
              assertThat(count(registry, "cache.gets", "result", "hit")).isEqualTo(2);
              assertThat(count(registry, "cache.gets", "result", "miss")).isEqualTo(2);
              assertThat(count(registry, "cache.puts")).isEqualTo(2);
              assertThat(count(registry, "cache.evictions")).isZero();
              assertThat(
                      registry
                          .get("stickless.dynamodb.calls")
                          .tags("cache", "quotes", "operation", "put_item")
                          .functionCounter()
                          .count())
                  .isEqualTo(2);

              List<Map<String, AttributeValue>> stored =
                  server
                      .client()
                      .scan(b -> b.tableName(table).consistentRead(true))
                      .items()
                      .stream()
                      .filter(item -> item.get("key").s().startsWith("cache:quotes:"))
                      .toList();
              assertThat(stored).hasSize(2);
              DistributionSummary sizes =
                  registry.get("stickless.cache.item.size").tags("cache", "quotes").summary();
              assertThat(sizes.count()).isEqualTo(2);
              assertThat(sizes.totalAmount())
                  .isEqualTo(stored.stream().mapToLong(ItemSizes::itemSize).sum());
            });
  }

  private static double count(MeterRegistry registry, String name, String... tags) {
    return registry
        .get(name)
        .tags("cache", "quotes", "cache.manager", "cacheManager")
        .tags(tags)
        .functionCounter()
        .count();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class QuoteApp {
    @Bean
    Quotes quotes() {
      return new Quotes();
    }
  }

  static class Quotes {
    @Cacheable("quotes")
    public String quote(String name) {
      return "quote #" + QUOTES.incrementAndGet() + " for " + name;
    }
  }
}
