package io.stickless.table;

import java.net.URI;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where a client sends its calls (region, endpoint override), so that messages name the place and
 * the AWS CLI commands they suggest hit the same table.
 */
final class ClientTarget {

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_.:/=,@%+-]+");

  private final @Nullable String region;
  private final @Nullable URI endpoint;

  ClientTarget(@Nullable String region, @Nullable URI endpoint) {
    this.region = region;
    this.endpoint = endpoint;
  }

  static ClientTarget of(DynamoDbClient client) {
    AwsServiceClientConfiguration config;
    try {
      config = client.serviceClientConfiguration();
    } catch (RuntimeException notAvailable) {
      // a hand-written DynamoDbClient (a delegating wrapper) need not implement it
      return new ClientTarget(null, null);
    }
    if (config == null) {
      return new ClientTarget(null, null);
    }
    Region region = config.region();
    return new ClientTarget(
        region == null ? null : region.id(), config.endpointOverride().orElse(null));
  }

  /** {@code " (region us-east-1, endpoint http://127.0.0.1:8000)"}, or empty when unknown. */
  String describe() {
    if (region == null && endpoint == null) {
      return "";
    }
    StringBuilder s = new StringBuilder(" (");
    if (region != null) {
      s.append("region ").append(region);
    }
    if (endpoint != null) {
      s.append(region != null ? ", " : "").append("endpoint ").append(endpoint);
    }
    return s.append(')').toString();
  }

  /** The AWS CLI options that reach the same place: {@code " --region r --endpoint-url u"}. */
  String cliOptions() {
    StringBuilder s = new StringBuilder();
    if (region != null) {
      s.append(" --region ").append(shellQuote(region));
    }
    if (endpoint != null) {
      s.append(" --endpoint-url ").append(shellQuote(endpoint.toString()));
    }
    return s.toString();
  }

  /** A stable identity of the table for "once per table per JVM". */
  String identity(String tableName) {
    return region + "|" + endpoint + "|" + tableName;
  }

  static String shellQuote(String arg) {
    return SHELL_SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
