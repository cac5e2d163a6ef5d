package io.stickless.servlet;

import io.stickless.DynamoDbRequestPath;
import io.stickless.DynamoDbRetry;
import io.stickless.session.ConsistentReads;
import io.stickless.session.SessionStore;
import io.stickless.session.SessionStoreBuilder;
import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.table.TableValidationException;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/** Builds the DynamoDB client and session store of a filter configured by settings alone. */
final class StoreFactory {

  record Built(DynamoDbClient client, SessionStore store) {}

  private StoreFactory() {}

  static Built create(Settings settings, ServletContext context) {
    String table = settings.get(Settings.Key.TABLE);
    if (table == null) {
      throw new IllegalStateException(
          "No session table configured: set "
              + settings.describe(Settings.Key.TABLE)
              + ", or register SessionFilter.builder(store).build() in code");
    }
    TableMode mode = settings.tableMode();
    Duration maxInactive = maxInactiveInterval(settings, context);
    Duration touch = settings.duration(Settings.Key.TOUCH_INTERVAL);
    List<String> allowed = settings.list(Settings.Key.ALLOWED_CLASSES);
    ConsistentReads reads = settings.consistentReads();
    DynamoDbClient client = client(settings);
    try {
      TableSpec spec = TableSpec.of(table);
      prepareTable(client, spec, mode);
      SessionStoreBuilder builder =
          SessionStore.builder(client, spec)
              .allowedClasses(allowed.toArray(new String[0]))
              .consistentReads(reads);
      if (maxInactive != null) {
        builder.defaultMaxInactiveInterval(maxInactive);
      }
      if (touch != null) {
        builder.touchInterval(touch);
      }
      return new Built(client, builder.build());
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static void prepareTable(DynamoDbClient client, TableSpec table, TableMode mode) {
    try {
      DynamoDbTables.prepare(client, table, mode);
    } catch (TableValidationException e) {
      throw new TableValidationException(
          e.getMessage()
              + " In development, set the table-mode setting to CREATE (context parameter"
              + " stickless.table-mode, system property stickless.table-mode or environment"
              + " variable STICKLESS_TABLE_MODE) to let Stickless create it.",
          e);
    }
  }

  /** The setting, else {@code <session-timeout>} (minutes; zero or less ignored), else null. */
  static @Nullable Duration maxInactiveInterval(Settings settings, ServletContext context) {
    Duration configured = settings.duration(Settings.Key.MAX_INACTIVE_INTERVAL);
    if (configured != null) {
      return configured;
    }
    int minutes;
    try {
      minutes = context.getSessionTimeout();
    } catch (RuntimeException unsupported) {
      return null;
    }
    return minutes > 0 ? Duration.ofMinutes(minutes) : null;
  }

  /** The request path's strategy with the {@code max-attempts} setting, else its default. */
  static RetryStrategy retryStrategy(Settings settings) {
    Integer maxAttempts = settings.integer(Settings.Key.MAX_ATTEMPTS);
    if (maxAttempts == null) {
      return DynamoDbRetry.requestPath();
    }
    try {
      return DynamoDbRetry.requestPath(maxAttempts);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Setting " + settings.describe(Settings.Key.MAX_ATTEMPTS) + ": " + e.getMessage(), e);
    }
  }

  static DynamoDbClient client(Settings settings) {
    Duration callTimeout = settings.duration(Settings.Key.API_CALL_TIMEOUT);
    Duration attemptTimeout = settings.duration(Settings.Key.API_CALL_ATTEMPT_TIMEOUT);
    // every call bounded in time, the cheapest way measured (DynamoDbRequestPath says how)
    DynamoDbClientBuilder builder =
        DynamoDbRequestPath.clientBuilder(
            callTimeout != null ? callTimeout : DynamoDbRequestPath.DEFAULT_CALL_TIMEOUT,
            attemptTimeout != null ? attemptTimeout : DynamoDbRequestPath.DEFAULT_ATTEMPT_TIMEOUT,
            retryStrategy(settings));
    String region = settings.get(Settings.Key.REGION);
    String endpoint = settings.get(Settings.Key.ENDPOINT);
    if (region != null) {
      builder.region(Region.of(region));
    } else if (endpoint != null) {
      // a local endpoint (dynalite, DynamoDB Local) does not care, but the SDK needs some region
      builder.region(Region.US_EAST_1);
    }
    if (endpoint != null) {
      try {
        builder.endpointOverride(URI.create(endpoint));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Setting "
                + settings.describe(Settings.Key.ENDPOINT)
                + " is '"
                + endpoint
                + "', not a URI (e.g. http://localhost:8000)",
            e);
      }
    }
    return builder.build();
  }
}
