/** A modular application using Stickless's cache and session filter. */
module io.stickless.examples.modulepath {
  requires io.stickless.servlet; // and, transitively, io.stickless.core and jakarta.servlet
  requires io.stickless.testing;
  requires org.eclipse.jetty.ee11.servlet;
  requires com.fasterxml.jackson.databind;
  requires java.net.http;

  // Jackson reads the cached record reflectively (ValueCodec.json)
  opens io.stickless.examples.modulepath to
      com.fasterxml.jackson.databind;

  // the container's way of finding the zero-code initializer
  uses jakarta.servlet.ServletContainerInitializer;
}
