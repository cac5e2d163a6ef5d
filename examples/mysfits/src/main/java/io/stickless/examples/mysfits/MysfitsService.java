package io.stickless.examples.mysfits;

import static java.util.Objects.requireNonNull;

import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The service as deployed: validates {@code MysfitsTable} and the Stickless cache table at start
 * (one {@code DescribeTable} each, plus {@code DescribeTimeToLive} for the cache table), then
 * serves. These are the calls {@code examples/infra/cloudformation/mysfits.yaml}'s service policy
 * grants, and no others.
 *
 * <pre>
 * MYSFITS_TABLE=MysfitsTable STICKLESS_TABLE=my-app-sessions PORT=8080 \
 *   java -cp ... io.stickless.examples.mysfits.MysfitsService
 * # load a batch-write-item file, then invalidate the cached answers:
 *   java -cp ... io.stickless.examples.mysfits.MysfitsService load mysfits.json
 * </pre>
 */
public final class MysfitsService {

  private MysfitsService() {}

  /**
   * Validates both tables and starts serving.
   *
   * @throws IllegalStateException when a table is missing or has another schema
   */
  public static MysfitsServer start(
      DynamoDbClient dynamoDb, String mysfitsTable, String cacheTable, InetSocketAddress address) {
    MysfitsTable.prepare(dynamoDb, mysfitsTable, TableMode.VALIDATE);
    DynamoDbTables.prepare(dynamoDb, TableSpec.of(cacheTable), TableMode.VALIDATE);
    return MysfitsServer.start(catalog(dynamoDb, mysfitsTable, cacheTable), address);
  }

  /** The loader of the deployed service: writes the file, then invalidates the cached answers. */
  public static MysfitsLoader loader(
      DynamoDbClient dynamoDb, String mysfitsTable, String cacheTable) {
    return new MysfitsLoader(
        new BatchWriter(dynamoDb), catalog(dynamoDb, mysfitsTable, cacheTable));
  }

  static MysfitsCatalog catalog(DynamoDbClient dynamoDb, String mysfitsTable, String cacheTable) {
    return new MysfitsCatalog(dynamoDb, mysfitsTable, MysfitsCatalog.cache(dynamoDb, cacheTable));
  }

  /**
   * Serves, or with arguments {@code load <file>} loads a file. Settings from the environment:
   * {@code STICKLESS_TABLE} (required: the cache table), {@code MYSFITS_TABLE} (default {@code
   * MysfitsTable}), {@code PORT} (8080), {@code BIND_ADDRESS} (0.0.0.0); the AWS region and
   * credentials from the SDK's default chains.
   */
  public static void main(String[] args) throws InterruptedException {
    String cacheTable =
        requireNonNull(
            System.getenv("STICKLESS_TABLE"),
            "Set STICKLESS_TABLE to the Stickless session/cache table name");
    String mysfitsTable = env("MYSFITS_TABLE", MysfitsTable.DEFAULT_NAME);
    DynamoDbClient dynamoDb = DynamoDbClient.create();
    if (args.length == 2 && args[0].equals("load")) {
      System.out.println(loader(dynamoDb, mysfitsTable, cacheTable).load(Path.of(args[1])));
      dynamoDb.close();
      return;
    }
    if (args.length != 0) {
      System.err.println("Usage: MysfitsService [load <request-items.json>]");
      System.exit(2);
    }
    InetSocketAddress address =
        new InetSocketAddress(
            env("BIND_ADDRESS", "0.0.0.0"), Integer.parseInt(env("PORT", "8080")));
    MysfitsServer server = start(dynamoDb, mysfitsTable, cacheTable, address);
    server.awaitShutdown(dynamoDb);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
