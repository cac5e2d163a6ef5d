/**
 * Stickless testing: {@link io.stickless.testing.LocalDynamoDb} (dynalite, a local DynamoDB API, on
 * a free loopback port), a JUnit 5 extension that injects it, and {@link
 * io.stickless.testing.MutableClock}, and {@link io.stickless.testing.DynamoDbFaultProxy} with its
 * rules (faults, {@link io.stickless.testing.StaleReads}). Exports {@code io.stickless.testing}
 * only.
 */
module io.stickless.testing {
  requires transitive software.amazon.awssdk.services.dynamodb;
  requires transitive org.junit.jupiter.api;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.apache5;
  requires software.amazon.awssdk.regions;
  requires software.amazon.awssdk.retries.api;
  // the fault proxy: the JDK HTTP client upstream, SLF4J, the SDK's JSON reader (StaleReads)
  requires java.net.http;
  requires org.slf4j;
  requires software.amazon.awssdk.protocols.jsoncore;
  // the Apache 5 HTTP client (an automatic module) uses jdk.net.Sockets
  requires jdk.net;

  exports io.stickless.testing;
}
