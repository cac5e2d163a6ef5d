package io.stickless.session;

/**
 * Sessions in a DynamoDB table, one item each, through a {@link DynamoDbSessionBackend}; built by
 * {@link SessionStoreBuilder}. The costs per request are listed on {@link SessionStore}.
 */
final class DynamoDbSessionStore extends EngineSessionStore {

  private final String tableName;

  DynamoDbSessionStore(SessionEngine engine, String tableName) {
    super(engine);
    this.tableName = tableName;
  }

  /** The table. */
  String tableName() {
    return tableName;
  }

  @Override
  public String toString() {
    return "DynamoDbSessionStore{table=" + tableName + "}";
  }
}
