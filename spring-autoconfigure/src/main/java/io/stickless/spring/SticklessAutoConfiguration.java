package io.stickless.spring;

import io.stickless.DynamoDbRequestPath;
import io.stickless.DynamoDbRetry;
import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableSpec;
import io.stickless.table.TableValidationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The DynamoDB client and the table that Stickless's sessions and caches share. The client backs
 * off when the application (or Spring Cloud AWS) defines a {@link DynamoDbClient} bean; the table
 * is validated (or created, with {@code stickless.table-mode=create}) at start-up.
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration")
@ConditionalOnClass(DynamoDbClient.class)
@EnableConfigurationProperties(SticklessProperties.class)
public final class SticklessAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  DynamoDbClient sticklessDynamoDbClient(SticklessProperties properties) {
    // every call bounded in time, the cheapest way measured (DynamoDbRequestPath says how)
    DynamoDbClientBuilder builder =
        DynamoDbRequestPath.clientBuilder(
            properties.getApiCallTimeout(),
            properties.getApiCallAttemptTimeout(),
            retryStrategy(properties.getMaxAttempts()));
    if (properties.getRegion() != null) {
      builder.region(Region.of(properties.getRegion()));
    } else if (properties.getEndpoint() != null) {
      // a local endpoint does not care, but the SDK needs some region
      builder.region(Region.US_EAST_1);
    }
    if (properties.getEndpoint() != null) {
      builder.endpointOverride(properties.getEndpoint());
    }
    return builder.build();
  }

  private static RetryStrategy retryStrategy(int maxAttempts) {
    try {
      return DynamoDbRetry.requestPath(maxAttempts);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("stickless.max-attempts: " + e.getMessage(), e);
    }
  }

  @Bean
  @ConditionalOnMissingBean
  SticklessTable sticklessTable(
      ObjectProvider<DynamoDbClient> clients, SticklessProperties properties) {
    String table = properties.getTable();
    if (table == null || table.isBlank()) {
      throw new IllegalStateException(
          "stickless.table is not set: name the DynamoDB table that holds sessions and cache"
              + " entries (for example stickless.table=app-table, with stickless.table-mode=create"
              + " on a development machine), or remove the Stickless starter");
    }
    // the client only after the name: a missing name is the first thing to tell
    DynamoDbClient client = clients.getObject();
    TableSpec spec =
        TableSpec.builder(table)
            .keyAttribute(properties.getKeyAttribute())
            .ttlAttribute(properties.getTtlAttribute())
            .build();
    try {
      DynamoDbTables.prepare(client, spec, properties.getTableMode());
    } catch (TableValidationException e) {
      throw new TableValidationException(
          e.getMessage()
              + " In development, set stickless.table-mode=create to let Stickless create it.",
          e);
    }
    return new SticklessTable(client, spec);
  }
}
