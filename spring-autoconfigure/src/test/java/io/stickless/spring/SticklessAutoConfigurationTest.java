package io.stickless.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickless.DynamoDbRetry;
import io.stickless.micrometer.ItemSizeMetrics;
import io.stickless.servlet.CookieSessionIdResolver;
import io.stickless.servlet.HeaderSessionIdResolver;
import io.stickless.servlet.SessionFilter;
import io.stickless.servlet.SessionIdResolver;
import io.stickless.session.SessionStore;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.session.SessionRegistry;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Every condition of the auto-configuration, in application contexts that make no DynamoDB call
 * ({@code stickless.table-mode=none}; nothing else calls DynamoDB at start-up).
 */
class SticklessAutoConfigurationTest {

  static final AutoConfigurations ALL =
      AutoConfigurations.of(
          SticklessAutoConfiguration.class,
          SticklessSessionAutoConfiguration.class,
          SticklessCacheAutoConfiguration.class,
          SticklessObservabilityAutoConfiguration.class);

  final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(ALL)
          .withPropertyValues(
              "stickless.table=app-table",
              "stickless.table-mode=none",
              "stickless.region=eu-west-1",
              "stickless.endpoint=http://127.0.0.1:9");

  final ApplicationContextRunner plain =
      new ApplicationContextRunner()
          .withConfiguration(ALL)
          .withPropertyValues(
              "stickless.table=app-table",
              "stickless.table-mode=none",
              "stickless.endpoint=http://127.0.0.1:9");

  @Test
  void aWebApplicationGetsClientTableStoreResolverAndOneFilterBeforeSecurity() {
    web.run(
        context -> {
          assertThat(context).hasSingleBean(DynamoDbClient.class);
          assertThat(context).hasBean("sticklessDynamoDbClient");
          assertThat(context).hasSingleBean(SessionStore.class);
          assertThat(context.getBean(SessionStore.class).toString()).contains("app-table");
          assertThat(context.getBean(SessionStore.class).defaultMaxInactiveInterval())
              .isEqualTo(Duration.ofMinutes(30));
          assertThat(context)
              .getBean(SessionIdResolver.class)
              .isInstanceOf(CookieSessionIdResolver.class);
          FilterRegistrationBean<?> filter =
              context.getBean("sticklessSessionFilter", FilterRegistrationBean.class);
          assertThat(filter.getFilter()).isInstanceOf(SessionFilter.class);
          assertThat(filter.getFilterName()).isEqualTo("sticklessSessionFilter");
          assertThat(filter.getOrder()).isEqualTo(Integer.MIN_VALUE + 50).isLessThan(-100);
          assertThat(filter.isAsyncSupported()).isTrue();
          assertThat(context.getBean(DynamoDbClient.class).serviceClientConfiguration().region())
              .isEqualTo(Region.EU_WEST_1);
          assertThat(context).hasSingleBean(SticklessHealthIndicator.class);
          assertThat(context).hasBean("sticklessSessionMetrics");
          assertThat(context).hasBean("sticklessFilterMetrics");
          assertThat(context).doesNotHaveBean(CacheManager.class);
          assertThat(context).doesNotHaveBean(SessionRegistry.class);
        });
  }

  @Test
  void theClientBoundsEachCallWithOneSdkTimerAndRetriesWithTheRequestPathStrategy() {
    web.withPropertyValues("stickless.api-call-timeout=3s", "stickless.api-call-attempt-timeout=2s")
        .run(
            context -> {
              ClientOverrideConfiguration o =
                  context
                      .getBean(DynamoDbClient.class)
                      .serviceClientConfiguration()
                      .overrideConfiguration();
              assertThat(o.apiCallTimeout()).contains(Duration.ofSeconds(3));
              assertThat(o.apiCallAttemptTimeout())
                  .as("each attempt is bounded by the HTTP client's timeouts, not a timer")
                  .isEmpty();
              assertThat(o.retryStrategy().orElseThrow().maxAttempts())
                  .isEqualTo(DynamoDbRetry.DEFAULT_MAX_ATTEMPTS);
            });
  }

  @Test
  void withoutATableNameStartUpFailsSayingWhatToSet() {
    new WebApplicationContextRunner()
        .withConfiguration(ALL)
        .withPropertyValues("stickless.region=eu-west-1")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("stickless.table is not set")
                    .hasMessageContaining("stickless.table-mode=create"));
  }

  @Test
  void maxAttemptsFeedsTheClientsRetryStrategyAndAnOutOfRangeValueFailsStartUp() {
    web.run(context -> assertThat(maxAttempts(context)).isEqualTo(8));
    web.withPropertyValues("stickless.max-attempts=3")
        .run(context -> assertThat(maxAttempts(context)).isEqualTo(3));
    web.withPropertyValues("stickless.max-attempts=0")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("stickless.max-attempts: maxAttempts must be 1..20")
                    .hasStackTraceContaining("was 0"));
  }

  private static int maxAttempts(org.springframework.context.ApplicationContext context) {
    return context
        .getBean(DynamoDbClient.class)
        .serviceClientConfiguration()
        .overrideConfiguration()
        .retryStrategy()
        .orElseThrow()
        .maxAttempts();
  }

  @Test
  void theOutageStallBoundBindsAndAnInvalidOneFailsStartUpNamingTheProperty() {
    web.withPropertyValues(
            "stickless.session.outage-max-waiting-calls=32",
            "stickless.session.outage-stall-after=500ms")
        .run(context -> assertThat(context).hasNotFailed().hasBean("sticklessSessionFilter"));
    web.withPropertyValues("stickless.session.outage-max-waiting-calls=-1")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("stickless.session.outage-max-waiting-calls")
                    .hasStackTraceContaining("but was -1"));
    web.withPropertyValues("stickless.session.outage-stall-after=0s")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("outage-stall-after: ")
                    .hasStackTraceContaining("but was PT0S"));
  }

  @Test
  void eachBeanBacksOffForTheApplicationsOwn() {
    web.withUserConfiguration(UserBeans.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(DynamoDbClient.class);
              assertThat(context).doesNotHaveBean("sticklessDynamoDbClient");
              assertThat(context.getBean(SessionStore.class))
                  .isSameAs(context.getBean("mySessions"));
              assertThat(context.getBean(SessionIdResolver.class))
                  .isInstanceOf(HeaderSessionIdResolver.class);
              assertThat(context.getBean("sticklessSessionFilter"))
                  .isSameAs(context.getBean(UserBeans.class).filter);
              assertThat(context).getBean("sticklessHealthIndicator").isInstanceOf(String.class);
            });
  }

  @Test
  void sessionsTurnOffByPropertyAndOutsideServletApplications() {
    web.withPropertyValues("stickless.session.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SessionStore.class);
              assertThat(context).doesNotHaveBean("sticklessSessionFilter");
              assertThat(context).hasSingleBean(SticklessHealthIndicator.class);
            });
    plain.run(
        context -> {
          assertThat(context).doesNotHaveBean(SessionStore.class);
          assertThat(context).doesNotHaveBean("sticklessSessionFilter");
          assertThat(context).hasSingleBean(DynamoDbClient.class);
        });
  }

  @Test
  void missingClassesTurnTheirPartsOff() {
    web.withClassLoader(new FilteredClassLoader(SessionFilter.class))
        .run(context -> assertThat(context).doesNotHaveBean(SessionStore.class));
    plain
        .withClassLoader(new FilteredClassLoader(jakarta.servlet.Filter.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(SessionStore.class);
            });
    web.withClassLoader(new FilteredClassLoader(SecurityContext.class))
        .withPropertyValues("stickless.session.principal-index=principal-index")
        .run(
            context -> {
              assertThat(context).hasSingleBean(SessionStore.class);
              assertThat(context).doesNotHaveBean(PrincipalRecorder.class);
              assertThat(context).doesNotHaveBean(SessionRegistry.class);
            });
    web.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
        .run(
            context -> {
              assertThat(context).hasSingleBean(SessionStore.class);
              assertThat(context).doesNotHaveBean(SticklessHealthIndicator.class);
            });
    web.withClassLoader(new FilteredClassLoader(MeterBinder.class))
        .withUserConfiguration(Caching.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(SessionStore.class);
              assertThat(context).doesNotHaveBean("sticklessSessionMetrics");
              assertThat(context).doesNotHaveBean("sticklessFilterMetrics");
              assertThat(context).doesNotHaveBean("sticklessCacheMeterBinderProvider");
              assertThat(context).doesNotHaveBean("sticklessCacheMetricsOnFirstUse");
              assertThat(context).doesNotHaveBean(ItemSizeMetrics.class);
              assertThat(context).hasSingleBean(SticklessCacheManager.class);
              assertThat(context.getBean(CacheManager.class).getCache("any")).isNotNull();
            });
    web.withClassLoader(new FilteredClassLoader(CacheMeterBinderProvider.class))
        .withUserConfiguration(Caching.class)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean("sticklessCacheMetricsOnFirstUse");
              assertThat(context).hasSingleBean(ItemSizeMetrics.class);
              assertThat(context.getBean(CacheManager.class).getCache("any")).isNotNull();
            });
  }

  @Test
  void withoutAMeterRegistryCachesCreatedOnFirstUseStillWork() {
    // Micrometer and spring-boot-cache present, but no registry: Boot defines no registrar
    web.withUserConfiguration(Caching.class)
        .run(
            context -> {
              assertThat(context).hasBean("sticklessCacheMetricsOnFirstUse");
              assertThat(context).doesNotHaveBean(CacheMetricsRegistrar.class);
              assertThat(context.getBean(CacheManager.class).getCache("any")).isNotNull();
            });
  }

  @Test
  void itemSizesOfTheStoreAndOfEveryCacheGoToOneBinderThatBacksOff() {
    // the sizes recorded end to end: TwoNodesIT (sessions) and CacheMetricsIT (caches)
    web.withUserConfiguration(Caching.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(ItemSizeMetrics.class);
              assertThat(context).hasBean("sticklessSessionItemSizes");
              assertThat(context).hasBean("sticklessCacheItemSizes");
            });
    ItemSizeMetrics mine = new ItemSizeMetrics(List.of());
    web.withBean(ItemSizeMetrics.class, () -> mine)
        .run(context -> assertThat(context.getBean(ItemSizeMetrics.class)).isSameAs(mine));
  }

  @Test
  void withSecurityThePrincipalIsRecordedAndAPrincipalIndexBringsTheRegistry() {
    web.run(context -> assertThat(context).hasSingleBean(PrincipalRecorder.class));
    web.withPropertyValues("stickless.session.principal-index=principal-index")
        .run(
            context ->
                assertThat(context.getBean(SessionRegistry.class))
                    .isInstanceOf(SticklessSessionRegistry.class));
  }

  @Test
  void theTimeoutFallsBackToSpringSessionThenToTheServletContainersSetting() {
    web.withPropertyValues("server.servlet.session.timeout=20m")
        .run(context -> assertThat(timeout(context)).isEqualTo(Duration.ofMinutes(20)));
    web.withPropertyValues("server.servlet.session.timeout=20m", "spring.session.timeout=15m")
        .run(context -> assertThat(timeout(context)).isEqualTo(Duration.ofMinutes(15)));
    web.withPropertyValues(
            "server.servlet.session.timeout=20m",
            "spring.session.timeout=15m",
            "stickless.session.timeout=10m")
        .run(context -> assertThat(timeout(context)).isEqualTo(Duration.ofMinutes(10)));
  }

  @Test
  void eachCookieKeyFallsBackToTheServletContainersCookieSetting() {
    web.withPropertyValues(
            "server.servlet.session.cookie.name=BOOTSESSION",
            "server.servlet.session.cookie.path=/app",
            "server.servlet.session.cookie.secure=true",
            "server.servlet.session.cookie.same-site=strict",
            "server.servlet.session.cookie.max-age=1h",
            "stickless.session.cookie.path=/mine",
            "stickless.session.cookie.http-only=false",
            "stickless.session.cookie.domain=example.com")
        .run(
            context -> {
              var cookie = ((CookieSessionIdResolver) context.getBean(SessionIdResolver.class));
              assertThat(cookie.cookie().name()).isEqualTo("BOOTSESSION");
              assertThat(cookie.cookie().path()).isEqualTo("/mine");
              assertThat(cookie.cookie().secure()).isTrue();
              assertThat(cookie.cookie().sameSite()).isEqualToIgnoringCase("strict");
              assertThat(cookie.cookie().maxAge()).isEqualTo(Duration.ofHours(1));
              assertThat(cookie.cookie().httpOnly()).isFalse();
              assertThat(cookie.cookie().domain()).isEqualTo("example.com");
            });
    web.run(
        context ->
            assertThat(
                    ((CookieSessionIdResolver) context.getBean(SessionIdResolver.class))
                        .cookie()
                        .name())
                .isEqualTo("SESSION"));
  }

  @Test
  void aHeaderNameCarriesTheIdInAHeader() {
    web.withPropertyValues("stickless.session.header-name=X-Auth-Token")
        .run(
            context ->
                assertThat(
                        ((HeaderSessionIdResolver) context.getBean(SessionIdResolver.class))
                            .headerName())
                    .isEqualTo("X-Auth-Token"));
  }

  @Test
  void filterOrderAndDispatcherTypesBind() {
    web.withPropertyValues(
            "stickless.session.filter-order=-200",
            "stickless.session.filter-dispatcher-types=request,async")
        .run(
            context -> {
              FilterRegistrationBean<?> filter =
                  context.getBean("sticklessSessionFilter", FilterRegistrationBean.class);
              assertThat(filter.getOrder()).isEqualTo(-200);
              assertThat(filter.determineDispatcherTypes())
                  .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC);
            });
    web.withPropertyValues("stickless.session.filter-dispatcher-types=sometimes")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("filter-dispatcher-types has 'sometimes'")
                    .hasStackTraceContaining("REQUEST"));
  }

  @Test
  void theCacheManagerComesWithCachingAndBacksOff() {
    web.withUserConfiguration(Caching.class)
        .withPropertyValues(
            "stickless.cache.cache-names=profiles,prices",
            "stickless.cache.time-to-live-per-cache.prices=30s",
            "stickless.cache.near-cache-max-entries=100")
        .run(
            context -> {
              CacheManager manager = context.getBean(CacheManager.class);
              assertThat(manager).isInstanceOf(SticklessCacheManager.class);
              assertThat(manager.getCacheNames()).containsExactly("profiles", "prices");
              assertThat(manager.getCache("other")).isNull();
              assertThat(manager.getCache("prices").getNativeCache().toString())
                  .contains("name=prices", "table=app-table", "nearCache=true");
              assertThat(context).hasBean("sticklessCacheMeterBinderProvider");
            });
    web.withUserConfiguration(Caching.class)
        .run(
            context -> assertThat(context.getBean(CacheManager.class).getCache("any")).isNotNull());
    web.withUserConfiguration(Caching.class, UserCacheManager.class)
        .run(
            context ->
                assertThat(context.getBean(CacheManager.class))
                    .isInstanceOf(ConcurrentMapCacheManager.class));
    web.withUserConfiguration(Caching.class)
        .withConfiguration(
            AutoConfigurations.of(
                org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration.class))
        .withPropertyValues("stickless.cache.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(SticklessCacheManager.class);
              assertThat(context).hasSingleBean(CacheManager.class);
            });
  }

  @Test
  void theHealthIndicatorTurnsOffByBootsProperty() {
    web.withPropertyValues("management.health.stickless.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SticklessHealthIndicator.class));
  }

  @Test
  void sessionMetersBindToARegistry() {
    web.run(
        context -> {
          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          context.getBean("sticklessSessionMetrics", MeterBinder.class).bindTo(registry);
          assertThat(registry.find("stickless.sessions.created").functionCounter()).isNotNull();
        });
  }

  @Test
  void filterMetersBindTheRegisteredFilter() {
    web.run(
        context -> {
          SimpleMeterRegistry registry = new SimpleMeterRegistry();
          context.getBean("sticklessFilterMetrics", MeterBinder.class).bindTo(registry);
          for (String name :
              List.of(
                  "stickless.filter.unavailable.responses",
                  "stickless.filter.failed.fast",
                  "stickless.filter.lost.commits")) {
            assertThat(registry.get(name).functionCounter().count()).as(name).isZero();
          }
        });
  }

  @Test
  void theMetadataOffersTheConsistentReadsModes() throws Exception {
    tools.jackson.databind.JsonNode metadata;
    try (java.io.InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      metadata = new tools.jackson.databind.ObjectMapper().readTree(in);
    }
    List<String> consistentReads = new java.util.ArrayList<>();
    for (tools.jackson.databind.JsonNode hint : metadata.path("hints")) {
      if (hint.get("name").asString().equals("stickless.session.consistent-reads")) {
        hint.get("values").forEach(v -> consistentReads.add(v.get("value").asString()));
      }
    }
    assertThat(consistentReads).containsExactly("always", "hinted");
  }

  private static Duration timeout(org.springframework.context.ApplicationContext context) {
    return context.getBean(SessionStore.class).defaultMaxInactiveInterval();
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Caching {}

  @Configuration(proxyBeanMethods = false)
  static class UserCacheManager {
    @Bean
    CacheManager myCacheManager() {
      return new ConcurrentMapCacheManager();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserBeans {
    final FilterRegistrationBean<SessionFilter> filter =
        new FilterRegistrationBean<>(
            SessionFilter.builder(SessionStore.inMemory().build()).build());

    @Bean
    DynamoDbClient myDynamoDb() {
      return DynamoDbClient.builder()
          .region(Region.US_WEST_2)
          .endpointOverride(java.net.URI.create("http://127.0.0.1:9"))
          .build();
    }

    @Bean
    SessionStore mySessions() {
      return SessionStore.inMemory().build();
    }

    @Bean
    SessionIdResolver myResolver() {
      return SessionIdResolver.header("X-Token");
    }

    @Bean
    FilterRegistrationBean<SessionFilter> sticklessSessionFilter() {
      return filter;
    }

    @Bean
    String sticklessHealthIndicator() {
      return "mine";
    }
  }
}
