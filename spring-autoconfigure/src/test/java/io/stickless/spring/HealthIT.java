package io.stickless.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;

/**
 * The {@code stickless} health indicator of a Boot node, on its own dynalite that the test stops:
 * UP, then DOWN, with at most one DescribeTable per cache interval however often it is probed. The
 * node uses the application's DynamoDbClient bean (which counts the calls) instead of its own.
 */
class HealthIT {

  static final MutableClock CLOCK = MutableClock.startingNow();
  static final AtomicInteger DESCRIBES = new AtomicInteger();

  @Test
  void upThenDownWhenTheBackendStopsWithoutACallPerProbe() throws Exception {
    LocalDynamoDb server = LocalDynamoDb.start();
    try (Nodes nodes = new Nodes()) {
      int port =
          Nodes.port(
              nodes.start(
                  HealthApp.class,
                  server,
                  LocalDynamoDb.uniqueTableName("health"),
                  "stickless.table-mode=create",
                  "management.endpoints.web.exposure.include=health",
                  "management.endpoint.health.show-components=always",
                  "management.endpoint.health.show-details=always"));
      int atStart = DESCRIBES.get();
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> up = probe(port);
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).contains("\"status\":\"UP\"");
      }
      assertThat(DESCRIBES.get() - atStart).isEqualTo(1);

      server.close();
      assertThat(probe(port).statusCode()).as("still the cached answer").isEqualTo(200);
      assertThat(DESCRIBES.get() - atStart).isEqualTo(1);

      CLOCK.advance(Duration.ofSeconds(11));
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> down = probe(port);
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"status\":\"DOWN\"");
      }
      assertThat(DESCRIBES.get() - atStart).isEqualTo(2);
    } finally {
      server.close();
    }
  }

  private static HttpResponse<String> probe(int port) throws Exception {
    return new Browser().get(port, "/actuator/health/stickless");
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class HealthApp {

    @Bean
    DynamoDbClient countingDynamoDb(Environment environment) {
      return DynamoDbClient.builder()
          .region(Region.US_EAST_1)
          .endpointOverride(URI.create(environment.getRequiredProperty("stickless.endpoint")))
          .overrideConfiguration(
              o ->
                  o.apiCallTimeout(Duration.ofSeconds(30))
                      .addExecutionInterceptor(
                          new ExecutionInterceptor() {
                            @Override
                            public void beforeExecution(
                                Context.BeforeExecution context, ExecutionAttributes attributes) {
                              if (context.request() instanceof DescribeTableRequest) {
                                DESCRIBES.incrementAndGet();
                              }
                            }
                          }))
          .build();
    }

    @Bean
    SticklessHealthIndicator sticklessHealthIndicator(SticklessTable table) {
      return new SticklessHealthIndicator(table, Duration.ofSeconds(10), CLOCK);
    }
  }
}
