/**
 * Stickless for servlet containers: {@link io.stickless.servlet.SessionFilter}, a Jakarta Servlet 6
 * filter whose {@code HttpSession} lives in DynamoDB. Exports {@code io.stickless.servlet} only.
 *
 * <p>Provides {@link io.stickless.servlet.SticklessServletContainerInitializer} as a {@link
 * jakarta.servlet.ServletContainerInitializer}, the same zero-code registration the jar's {@code
 * META-INF/services} entry gives on the class path.
 */
module io.stickless.servlet {
  requires transitive io.stickless.core;
  requires transitive jakarta.servlet;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.http.apache5;
  requires software.amazon.awssdk.regions;
  requires org.slf4j;
  requires static transitive org.jspecify;
  // optional: SessionFilterMetrics is usable only when the application has Micrometer
  requires static micrometer.core;

  exports io.stickless.servlet;

  provides jakarta.servlet.ServletContainerInitializer with
      io.stickless.servlet.SticklessServletContainerInitializer;
}
