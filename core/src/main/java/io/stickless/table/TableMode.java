package io.stickless.table;

/**
 * What {@link DynamoDbTables#prepare DynamoDbTables.prepare} does with the table at start-up.
 *
 * <pre>{@code
 * DynamoDbTables.prepare(dynamoDb, TableSpec.of("app-sessions"), TableMode.VALIDATE);
 * }</pre>
 */
public enum TableMode {

  /**
   * The default, for production: describe the table once and fail fast with a {@link
   * TableValidationException} when it is missing or its key schema does not fit, with a message
   * that says what is wrong and gives the AWS CLI commands and the CloudFormation resource that fix
   * it. Then look at its TTL: a TTL that is not enabled on the configured attribute is logged as
   * one WARN, not a failure (emulators lack TTL, and reads filter expired items anyway). Needs the
   * IAM permissions {@code dynamodb:DescribeTable} and {@code dynamodb:DescribeTimeToLive}.
   */
  VALIDATE,

  /**
   * For development and tests: create the table when it is missing (on-demand billing), wait until
   * it is {@code ACTIVE}, and enable TTL on the configured attribute. An existing table is
   * validated as {@link #VALIDATE} does, so a table with the wrong key schema still fails clearly.
   * Safe when several nodes start at once. An endpoint without TTL support is logged as one WARN
   * and start-up goes on. Needs, on top of {@link #VALIDATE}'s permissions, {@code
   * dynamodb:CreateTable} and {@code dynamodb:UpdateTimeToLive}.
   */
  CREATE,

  /**
   * Leave the table alone: no call to DynamoDB at all. For tables managed elsewhere
   * (CloudFormation, Terraform) by an application whose credentials may not describe tables.
   */
  NONE
}
