package io.stickless.examples.modulepath;

import io.stickless.cache.TtlCache;
import io.stickless.cache.ValueCodec;
import io.stickless.servlet.SessionFilter;
import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import jakarta.servlet.ServletContainerInitializer;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * An application on the module path: caches a record as JSON in a {@link TtlCache}, then serves a
 * page whose visit counter lives in a DynamoDB-backed session, registered by Stickless's zero-code
 * {@link ServletContainerInitializer} found through {@link ServiceLoader}. Everything runs on
 * 127.0.0.1 against a local DynamoDB (dynalite, needs Node.js).
 *
 * <pre>{@code
 * ./mvnw -pl examples/module-path -am verify    # its IT runs this class with java -p ... -m ...
 * }</pre>
 *
 * <p>Prints what it saw, one {@code name: value} line each, and exits with 0.
 */
public final class ModulePathApp {

  private ModulePathApp() {}

  /** Runs the demo; no arguments. */
  public static void main(String[] args) throws Exception {
    report("modules", TtlCache.class.getModule().getName() + " " + moduleOf(SessionFilter.class));
    report("core exports", exports(TtlCache.class.getModule()));
    report("servlet exports", exports(SessionFilter.class.getModule()));
    try (LocalDynamoDb dynamoDb = LocalDynamoDb.start()) {
      DynamoDbClient client = dynamoDb.client();
      String table = LocalDynamoDb.uniqueTableName("module-path");
      DynamoDbTables.prepare(client, TableSpec.of(table), TableMode.CREATE);
      cache(client, table);
      sessions(dynamoDb, table);
    }
  }

  private static void cache(DynamoDbClient client, String table) {
    TtlCache<String, Greeting> writer = greetings(client, table);
    writer.put("en", new Greeting("en", "hello"));
    // a second instance: the value comes from DynamoDB, not from the first one's memory
    Greeting read = greetings(client, table).getIfPresent("en");
    report("cache", String.valueOf(read));
  }

  private static TtlCache<String, Greeting> greetings(DynamoDbClient client, String table) {
    return TtlCache.builder(client, table)
        .name("greetings")
        .valueCodec(ValueCodec.json(Greeting.class))
        .defaultTtl(Duration.ofMinutes(5))
        .build();
  }

  private static void sessions(LocalDynamoDb dynamoDb, String table) throws Exception {
    ServletContainerInitializer initializer =
        ServiceLoader.load(ServletContainerInitializer.class).stream()
            .filter(p -> p.type().getModule().getName() != null)
            .filter(p -> p.type().getModule().getName().equals("io.stickless.servlet"))
            .map(ServiceLoader.Provider::get)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no initializer in io.stickless.servlet"));
    System.setProperty("stickless.table", table);
    System.setProperty("stickless.endpoint", dynamoDb.endpoint().toString());
    System.setProperty("stickless.region", "us-east-1");
    System.setProperty("stickless.table-mode", "VALIDATE");
    System.setProperty("stickless.allowed-classes", Visits.class.getName());
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");

    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServletContainerInitializer(initializer);
    context.addServlet(new ServletHolder(new VisitServlet()), "/visit");
    server.setHandler(context);
    server.start();
    try {
      HttpClient http =
          HttpClient.newBuilder()
              .cookieHandler(new CookieManager())
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      URI visit = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/visit");
      List<String> counts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(visit).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        counts.add(response.statusCode() + ":" + response.body());
      }
      report("visits", String.join(" ", counts));
      long sessionItems =
          dynamoDb.client().scan(b -> b.tableName(table)).items().stream()
              .filter(item -> item.get("key").s().startsWith("session:"))
              .count();
      report("session items", Long.toString(sessionItems));
    } finally {
      server.stop();
    }
  }

  private static String moduleOf(Class<?> type) {
    return String.valueOf(type.getModule().getName());
  }

  private static String exports(Module module) {
    TreeSet<String> exported = new TreeSet<>();
    module.getDescriptor().exports().forEach(e -> exported.add(e.source()));
    return String.join(" ", exported);
  }

  private static void report(String name, String value) {
    System.out.println(name + ": " + value);
  }
}
