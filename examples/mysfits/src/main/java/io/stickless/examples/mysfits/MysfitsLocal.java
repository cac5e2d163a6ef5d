package io.stickless.examples.mysfits;

import io.stickless.cache.TtlCache;
import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs the Mysfits service locally, with nothing but JDK 17+ and Node.js: starts a local DynamoDB
 * (dynalite), creates {@code MysfitsTable} and the Stickless cache table, loads the sample data
 * set, and serves the page on {@code http://127.0.0.1:8080/} (system property {@code mysfits.port}
 * to change it) until Ctrl-C.
 *
 * <pre>
 * ./mvnw -B -q -pl examples/mysfits -am compile exec:java
 * </pre>
 */
public final class MysfitsLocal {

  static final String SAMPLE_DATA = "/mysfits/sample-data.json";
  static final String CACHE_TABLE = "stickless-cache";

  private MysfitsLocal() {}

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.getInteger("mysfits.port", 8080);
    LocalDynamoDb dynamoDb = LocalDynamoDb.start();
    MysfitsServer server = start(dynamoDb.client(), port);
    System.out.println(
        "Mythical Mysfits on http://127.0.0.1:" + server.port() + "/  (Ctrl-C to stop)");
    server.awaitShutdown(dynamoDb);
  }

  /**
   * Creates both tables when missing, loads the sample data set and starts the server on 127.0.0.1
   * (port 0: a free one). What {@link #main} does once the local DynamoDB runs.
   */
  static MysfitsServer start(DynamoDbClient client, int port) {
    MysfitsTable.prepare(client, MysfitsTable.DEFAULT_NAME, TableMode.CREATE);
    DynamoDbTables.prepare(client, TableSpec.of(CACHE_TABLE), TableMode.CREATE);

    TtlCache<String, String> cache = MysfitsCatalog.cache(client, CACHE_TABLE);
    MysfitsCatalog catalog = new MysfitsCatalog(client, MysfitsTable.DEFAULT_NAME, cache);
    LoadReport report =
        new MysfitsLoader(new BatchWriter(client), catalog)
            .load(RequestItems.parse(sampleData(), "sample-data.json"));
    System.out.println("Loaded the sample data set: " + report);
    return MysfitsServer.start(catalog, new InetSocketAddress("127.0.0.1", port));
  }

  static String sampleData() {
    try (InputStream in = MysfitsLocal.class.getResourceAsStream(SAMPLE_DATA)) {
      if (in == null) {
        throw new IllegalStateException(SAMPLE_DATA + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
