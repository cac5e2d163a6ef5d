package io.stickless.table;

import io.stickless.SticklessException;

/**
 * The table Stickless was configured with is missing or cannot hold its items: it does not exist,
 * is being deleted, or its key schema differs from the {@link TableSpec} (another hash key name, a
 * hash key that is not of type String, a sort key). Thrown at start-up by {@link
 * DynamoDbTables#prepare DynamoDbTables.prepare}; the message lists every problem found and how to
 * fix it, including the AWS CLI commands and a CloudFormation resource for the right table.
 */
public class TableValidationException extends SticklessException {

  private static final long serialVersionUID = 1L;

  /** An exception whose message says what is wrong with the table and how to fix it. */
  public TableValidationException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause. */
  public TableValidationException(String message, Throwable cause) {
    super(message, cause);
  }
}
