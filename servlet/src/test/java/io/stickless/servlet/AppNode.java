package io.stickless.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;

/** One running application node (a container on a loopback port). */
interface AppNode extends AutoCloseable {

  int port();

  default URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  @Override
  void close();

  /** Starts a container whose root context is set up by the initializer. */
  interface Starter {
    AppNode start(
        ServletContainerInitializer initializer, java.util.Map<String, String> contextParams)
        throws Exception;
  }
}
