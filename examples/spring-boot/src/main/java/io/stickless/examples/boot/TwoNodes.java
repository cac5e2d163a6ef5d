package io.stickless.examples.boot;

import io.stickless.testing.LocalDynamoDb;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs two instances of {@link DemoApplication} on one table, on ports 8081 and 8082 (override with
 * {@code -Ddemo.ports=9001,9002}). Without {@code -Dstickless.endpoint} it starts dynalite, a local
 * DynamoDB, on a free port. Log in on one port, reload on the other: same user, same session. Stop
 * with Ctrl-C.
 *
 * <pre>
 * ./mvnw -B -ntp -pl examples/spring-boot -am compile exec:java
 * </pre>
 */
public final class TwoNodes {

  private TwoNodes() {}

  public static void main(String[] args) throws InterruptedException {
    String endpoint = System.getProperty("stickless.endpoint");
    LocalDynamoDb local = null;
    if (endpoint == null) {
      local = LocalDynamoDb.start();
      endpoint = local.endpoint().toString();
      System.setProperty("aws.accessKeyId", System.getProperty("aws.accessKeyId", "local"));
      System.setProperty("aws.secretAccessKey", System.getProperty("aws.secretAccessKey", "local"));
    }
    List<ConfigurableApplicationContext> nodes = new ArrayList<>();
    for (String port : System.getProperty("demo.ports", "8081,8082").split(",")) {
      nodes.add(
          new SpringApplicationBuilder(DemoApplication.class)
              .properties(
                  "server.port=" + port.trim(),
                  "demo.node=" + port.trim(),
                  "stickless.endpoint=" + endpoint,
                  "stickless.region=" + System.getProperty("stickless.region", "us-east-1"),
                  "stickless.table-mode=create")
              .run(args));
    }
    System.out.println(
        "Two nodes on one table: http://127.0.0.1:8081/ and http://127.0.0.1:8082/"
            + " (users alice/alice, bob/bob). Ctrl-C stops them.");
    LocalDynamoDb server = local;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  nodes.forEach(ConfigurableApplicationContext::close);
                  if (server != null) {
                    server.close();
                  }
                }));
    Thread.currentThread().join();
  }
}
