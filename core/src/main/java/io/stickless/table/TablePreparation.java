package io.stickless.table;

import io.stickless.BackendUnavailableException;
import io.stickless.SticklessException;
import io.stickless.internal.DynamoDbCalls;
import io.stickless.table.DynamoDbTables.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/** One run of {@link DynamoDbTables#prepare} for one table, in VALIDATE or CREATE mode. */
final class TablePreparation {

  // the public class's logger: the one users configure and tests capture
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbTables.class);

  // TTL warnings are once per table per JVM: every component that prepares the table would repeat
  // it
  private static final Set<String> TTL_WARNED = ConcurrentHashMap.newKeySet();

  // the SDK's default (20 s between polls) would add ~20 s to every dev start-up on real DynamoDB
  static final Duration ACTIVE_POLL_INTERVAL = Duration.ofSeconds(1);
  static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Start-up calls meet cold connections and several nodes starting at once; the request path's
   * timeouts (2 s in the zero-code filter) must not fail them, so they get their own bound.
   */
  static final Duration STARTUP_CALL_TIMEOUT = Duration.ofSeconds(30);

  static final Duration STARTUP_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

  private static final String UNKNOWN_OPERATION = "UnknownOperationException";
  private static final String ACCESS_DENIED = "AccessDeniedException";

  private static final Consumer<AwsRequestOverrideConfiguration.Builder> STARTUP =
      o -> o.apiCallTimeout(STARTUP_CALL_TIMEOUT).apiCallAttemptTimeout(STARTUP_ATTEMPT_TIMEOUT);

  private final DynamoDbClient client;
  private final TableSpec spec;
  private final TableMode mode;
  private final ClientTarget target;

  TablePreparation(DynamoDbClient client, TableSpec spec, TableMode mode) {
    this.client = client;
    this.spec = spec;
    this.mode = mode;
    this.target = ClientTarget.of(client);
  }

  Outcome validate() {
    TableDescription table = describeTable();
    if (table == null) {
      throw new TableValidationException(SchemaCheck.missingMessage(spec, target));
    }
    checkFits(table);
    checkTtl();
    return Outcome.VALIDATED;
  }

  Outcome create() {
    TableDescription table = describeTable();
    Outcome outcome = Outcome.VALIDATED;
    if (table == null) {
      if (createTable()) {
        outcome = Outcome.CREATED;
      }
      table = awaitActive();
    } else if (table.tableStatus() != TableStatus.ACTIVE) {
      checkNotDeleting(table);
      table = awaitActive();
    }
    checkFits(table);
    enableTtl();
    return outcome;
  }

  private @Nullable TableDescription describeTable() {
    try {
      return client
          .describeTable(b -> b.tableName(spec.tableName()).overrideConfiguration(STARTUP))
          .table();
    } catch (ResourceNotFoundException missing) {
      return null;
    } catch (SdkException e) {
      throw failure("DescribeTable", e);
    }
  }

  /** Whether this call created the table (false: another node was creating it at the same time). */
  private boolean createTable() {
    try {
      client.createTable(
          b ->
              b.tableName(spec.tableName())
                  .overrideConfiguration(STARTUP)
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName(spec.keyAttribute())
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName(spec.keyAttribute())
                          .keyType(KeyType.HASH)
                          .build()));
      LOG.info(
          "Created DynamoDB table '{}'{} with hash key '{}' (S), on-demand billing",
          spec.tableName(),
          target.describe(),
          spec.keyAttribute());
      return true;
    } catch (ResourceInUseException createdElsewhere) {
      LOG.debug("DynamoDB table '{}' is being created by another node", spec.tableName());
      return false;
    } catch (SdkException e) {
      throw failure("CreateTable", e);
    }
  }

  private TableDescription awaitActive() {
    String operation = "Waiting for ACTIVE (DescribeTable)";
    try (DynamoDbWaiter waiter =
        DynamoDbWaiter.builder()
            .client(client)
            .overrideConfiguration(
                o ->
                    o.backoffStrategyV2(
                            BackoffStrategy.fixedDelayWithoutJitter(ACTIVE_POLL_INTERVAL))
                        .maxAttempts(
                            (int) (ACTIVE_TIMEOUT.toMillis() / ACTIVE_POLL_INTERVAL.toMillis()))
                        .waitTimeout(ACTIVE_TIMEOUT))
            .build()) {
      WaiterResponse<DescribeTableResponse> response =
          waiter.waitUntilTableExists(b -> b.tableName(spec.tableName()));
      DescribeTableResponse described = response.matched().response().orElse(null);
      if (described == null) {
        throw new SticklessException(
            operation
                + " on DynamoDB table '"
                + spec.tableName()
                + "'"
                + target.describe()
                + " ended without a table description",
            response.matched().exception().orElse(null));
      }
      return described.table();
    } catch (SdkException e) {
      throw failure(operation, e);
    }
  }

  private void checkFits(TableDescription table) {
    checkNotDeleting(table);
    List<String> problems = SchemaCheck.problems(table, spec);
    if (!problems.isEmpty()) {
      throw new TableValidationException(
          SchemaCheck.mismatchMessage(table, spec, problems, target));
    }
    LOG.debug("DynamoDB table '{}' fits {}", spec.tableName(), spec);
  }

  private void checkNotDeleting(TableDescription table) {
    if (table.tableStatus() == TableStatus.DELETING) {
      throw new TableValidationException(
          "DynamoDB table '"
              + spec.tableName()
              + "'"
              + target.describe()
              + " is being deleted (status DELETING). Start again once it is gone; then create it "
              + TableFixes.howToCreate(spec, target));
    }
  }

  private void checkTtl() {
    TimeToLiveDescription ttl;
    try {
      ttl = describeTtl();
    } catch (DynamoDbException e) {
      if (!isCode(e, UNKNOWN_OPERATION) && !isCode(e, ACCESS_DENIED)) {
        throw failure("DescribeTimeToLive", e);
      }
      warnTtlOnce(ttlNotEnabled("DescribeTimeToLive was rejected, " + reason(e) + "."));
      return;
    } catch (SdkException e) {
      throw failure("DescribeTimeToLive", e);
    }
    reportTtl(ttl);
  }

  private void enableTtl() {
    TimeToLiveDescription before;
    try {
      before = describeTtl();
    } catch (DynamoDbException unsupportedOrDenied) {
      before = null; // UpdateTimeToLive may still work; its answer decides
    } catch (SdkException e) {
      throw failure("DescribeTimeToLive", e);
    }
    if (before != null && isEnabling(before)) {
      reportTtl(before);
      return;
    }
    try {
      client.updateTimeToLive(
          b ->
              b.tableName(spec.tableName())
                  .overrideConfiguration(STARTUP)
                  .timeToLiveSpecification(
                      t -> t.enabled(true).attributeName(spec.ttlAttribute())));
      LOG.info(
          "Enabled TTL on DynamoDB table '{}' for attribute '{}'",
          spec.tableName(),
          spec.ttlAttribute());
    } catch (DynamoDbException e) {
      if (!isCode(e, UNKNOWN_OPERATION) && enabledMeanwhile()) {
        return;
      }
      warnTtlOnce(ttlNotEnabled("UpdateTimeToLive was rejected, " + reason(e) + "."));
    } catch (SdkException e) {
      throw failure("UpdateTimeToLive", e);
    }
  }

  // two nodes enabling TTL at once: DynamoDB refuses the second with a ValidationException
  private boolean enabledMeanwhile() {
    try {
      TimeToLiveDescription now = describeTtl();
      return now != null && isEnabling(now) && spec.ttlAttribute().equals(now.attributeName());
    } catch (DynamoDbException e) {
      return false;
    } catch (SdkException e) {
      throw failure("DescribeTimeToLive", e);
    }
  }

  private @Nullable TimeToLiveDescription describeTtl() {
    return client
        .describeTimeToLive(b -> b.tableName(spec.tableName()).overrideConfiguration(STARTUP))
        .timeToLiveDescription();
  }

  private void reportTtl(@Nullable TimeToLiveDescription ttl) {
    if (ttl == null || !isEnabling(ttl)) {
      warnTtlOnce(ttlNotEnabled(null));
    } else if (!spec.ttlAttribute().equals(ttl.attributeName())) {
      warnTtlOnce(ttlOnOtherAttribute(ttl.attributeName()));
    } else {
      LOG.debug(
          "TTL on DynamoDB table '{}' is {} for attribute '{}'",
          spec.tableName(),
          ttl.timeToLiveStatus(),
          spec.ttlAttribute());
    }
  }

  private static boolean isEnabling(TimeToLiveDescription ttl) {
    return ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLED
        || ttl.timeToLiveStatus() == TimeToLiveStatus.ENABLING;
  }

  private String ttlNotEnabled(@Nullable String why) {
    return "TTL is not enabled on table "
        + spec.tableName()
        + " for attribute "
        + spec.ttlAttribute()
        + ": expired items will never be deleted; reads still filter them. "
        + (why == null ? "" : why + " ")
        + "Enable it with: "
        + TableFixes.enableTtlCli(spec, target);
  }

  private String ttlOnOtherAttribute(String actual) {
    return "TTL on table "
        + spec.tableName()
        + " is enabled for attribute "
        + actual
        + ", not for "
        + spec.ttlAttribute()
        + ": expired Stickless items will never be deleted; reads still filter them. Configure the"
        + " TTL attribute '"
        + actual
        + "' instead, or move the table's TTL (DynamoDB may refuse the second change for up to an"
        + " hour): aws dynamodb update-time-to-live --table-name "
        + spec.tableName()
        + " --time-to-live-specification "
        + ClientTarget.shellQuote("Enabled=false,AttributeName=" + actual)
        + target.cliOptions()
        + " then "
        + TableFixes.enableTtlCli(spec, target);
  }

  private void warnTtlOnce(String message) {
    if (TTL_WARNED.add(target.identity(spec.tableName()))) {
      LOG.warn(message);
    } else {
      LOG.debug(message);
    }
  }

  private static String reason(DynamoDbException e) {
    String code = errorCode(e);
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    String text =
        (code == null ? "status " + e.statusCode() : code)
            + (message == null ? "" : ": " + message);
    if (isCode(e, UNKNOWN_OPERATION)) {
      return text + " (this endpoint has no TTL support, like the emulator dynalite)";
    }
    return text;
  }

  private static @Nullable String errorCode(DynamoDbException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  private static boolean isCode(DynamoDbException e, String code) {
    String actual = errorCode(e);
    // some endpoints send the code with its namespace:
    // com.amazon.coral.service#UnknownOperationException
    return actual != null && (actual.equals(code) || actual.endsWith("#" + code));
  }

  private SticklessException failure(String operation, SdkException e) {
    StringBuilder m =
        new StringBuilder(operation)
            .append(" on DynamoDB table '")
            .append(spec.tableName())
            .append("'")
            .append(target.describe())
            .append(" failed (TableMode.")
            .append(mode)
            .append("): ")
            .append(e.getMessage());
    if (e instanceof DynamoDbException && isCode((DynamoDbException) e, ACCESS_DENIED)) {
      m.append(". The credentials need the IAM permission dynamodb:")
          .append(operation.startsWith("Waiting") ? "DescribeTable" : operation)
          .append(" on this table, or use TableMode.NONE for a table managed elsewhere.");
    }
    if (DynamoDbCalls.isUnavailable(e)) {
      return new BackendUnavailableException(m.toString(), e);
    }
    return new SticklessException(m.toString(), e);
  }
}
