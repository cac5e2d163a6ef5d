package io.stickless.spring;

import io.stickless.testing.LocalDynamoDb;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Boot applications started as nodes of one cluster on one dynalite table, on 127.0.0.1. */
final class Nodes implements AutoCloseable {

  static final String PRINCIPAL_INDEX = "principal-index";

  private final List<ConfigurableApplicationContext> started = new ArrayList<>();

  /** A node of {@code app} on the table, with these extra properties. */
  ConfigurableApplicationContext start(
      Class<?> app, LocalDynamoDb server, String table, String... properties) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "stickless.table=" + table,
                "stickless.endpoint=" + server.endpoint(),
                "stickless.region=us-east-1",
                // generous for a loaded CI machine; no test asserts the defaults
                "stickless.api-call-timeout=30s",
                "stickless.api-call-attempt-timeout=10s"));
    all.addAll(List.of(properties));
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(app).properties(all.toArray(String[]::new)).run();
    started.add(context);
    return context;
  }

  static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  @Override
  public void close() {
    started.forEach(ConfigurableApplicationContext::close);
  }
}
