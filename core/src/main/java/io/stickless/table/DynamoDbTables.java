package io.stickless.table;

import static java.util.Objects.requireNonNull;

import io.stickless.SticklessException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Checks or creates the table Stickless keeps its items in, once at start-up.
 *
 * <pre>{@code
 * TableSpec spec = TableSpec.of("app-sessions");
 * DynamoDbTables.prepare(dynamoDb, spec, TableMode.VALIDATE);   // production: fail fast
 * DynamoDbTables.prepare(dynamoDb, spec, TableMode.CREATE);     // dev and tests: make it
 * }</pre>
 *
 * <p>The table Stickless needs has a hash key of type String named {@link
 * TableSpec#keyAttribute()}, no sort key, and TTL enabled on {@link TableSpec#ttlAttribute()}. What
 * {@link #prepare prepare} does depends on the {@link TableMode}:
 *
 * <ul>
 *   <li>{@link TableMode#VALIDATE}: one {@code DescribeTable} and one {@code DescribeTimeToLive}. A
 *       missing table or a wrong key schema throws a {@link TableValidationException} whose message
 *       lists what is wrong and gives the AWS CLI commands and a CloudFormation resource that make
 *       the right table. TTL that is not enabled on the TTL attribute (or that cannot be checked)
 *       is logged as a WARN, once per table per JVM: expired items then stay in the table, but
 *       reads treat them as absent anyway.
 *   <li>{@link TableMode#CREATE}: creates the table when it is missing (on-demand billing), waits
 *       until it is {@code ACTIVE}, and enables TTL. An existing table is validated as in {@code
 *       VALIDATE}. Safe when several nodes start at once. An endpoint that rejects the TTL calls
 *       (emulators such as dynalite) gets the same single WARN and start-up goes on.
 *   <li>{@link TableMode#NONE}: nothing, no call at all.
 * </ul>
 *
 * <p>Messages and the TTL warning go to the SLF4J logger {@code io.stickless.table.DynamoDbTables}
 * (INFO when a table is created or its TTL enabled). Thread-safe: the class has no state besides
 * the record of tables already warned about.
 */
public final class DynamoDbTables {

  /** What {@link #prepare prepare} did. */
  public enum Outcome {
    /** This call created the table ({@link TableMode#CREATE} only), and it fits the spec. */
    CREATED,
    /** The table existed (or another node created it meanwhile) and fits the spec. */
    VALIDATED,
    /** Nothing was checked: {@link TableMode#NONE}. */
    SKIPPED
  }

  private DynamoDbTables() {}

  /**
   * Checks or creates the table as {@code mode} says. Blocks while a table being created becomes
   * {@code ACTIVE} (up to 5 minutes).
   *
   * @param client the client to call DynamoDB with; not closed
   * @param spec the table Stickless expects
   * @param mode what to do: {@link TableMode#VALIDATE} in production
   * @return what was done
   * @throws NullPointerException if an argument is null
   * @throws TableValidationException if the table is missing ({@code VALIDATE}), being deleted, or
   *     its key schema does not fit {@code spec}; the message says how to fix it
   * @throws SticklessException if a call to DynamoDB fails (unreachable endpoint, missing
   *     permission, ...): the message names the table and the operation, the cause is the SDK's
   *     exception
   */
  public static Outcome prepare(DynamoDbClient client, TableSpec spec, TableMode mode) {
    requireNonNull(client, "client");
    requireNonNull(spec, "spec");
    requireNonNull(mode, "mode");
    switch (mode) {
      case NONE:
        return Outcome.SKIPPED;
      case CREATE:
        return new TablePreparation(client, spec, mode).create();
      case VALIDATE:
      default:
        return new TablePreparation(client, spec, mode).validate();
    }
  }
}
