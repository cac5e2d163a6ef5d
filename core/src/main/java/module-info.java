/**
 * Stickless core: table management ({@link io.stickless.table}), the TTL cache ({@link
 * io.stickless.cache}) and the session store ({@link io.stickless.session}) on one DynamoDB table,
 * plus what they share ({@link io.stickless}).
 *
 * <p>Only these four packages are exported. {@code io.stickless.internal} (the DynamoDB access
 * layer, guarded Java serialization, the value envelope) is exported to no one: it may change in
 * any release.
 *
 * <p>Jackson is optional: {@code ValueCodec.json(..)} and {@code AttributeCodec.json(..)} need
 * {@code com.fasterxml.jackson.databind} in the module graph (an application that uses them
 * requires it) and the value classes' package opened to it, as Jackson needs for any class it reads
 * reflectively. Java serialization of cache values and session attributes needs nothing from the
 * application's module descriptor.
 */
module io.stickless.core {
  // DynamoDbClient and the SDK's types appear in the API: every user reads the SDK module.
  requires transitive software.amazon.awssdk.services.dynamodb;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.regions;
  // DynamoDbRetry returns the SDK's RetryStrategy and builds its standard strategy
  requires transitive software.amazon.awssdk.retries.api;
  requires software.amazon.awssdk.retries;
  // The SDK's Apache 5 HTTP client (this module's dependency, the default client of
  // DynamoDbClient.create()) is an automatic module that uses jdk.net.Sockets: make sure jdk.net
  // is in the module graph, or building a client fails with NoClassDefFoundError.
  requires jdk.net;
  // DynamoDbRequestPath builds the request path's client on it and returns its builder
  requires transitive software.amazon.awssdk.http.apache5;
  requires transitive software.amazon.awssdk.http;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;
  requires static transitive org.jspecify;
  requires static com.fasterxml.jackson.databind;
  // optional: io.stickless.micrometer is usable only when the application has Micrometer
  requires static micrometer.core;

  exports io.stickless;
  exports io.stickless.cache;
  exports io.stickless.micrometer;
  exports io.stickless.session;
  exports io.stickless.table;
}
