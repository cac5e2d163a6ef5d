package io.stickless.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.util.Map;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee11) on 127.0.0.1, an ephemeral port. */
final class JettyNode implements AppNode {

  private final Server server;
  private final ServerConnector connector;

  private JettyNode(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  static AppNode start(ServletContainerInitializer initializer, Map<String, String> contextParams)
      throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    contextParams.forEach(context::setInitParameter);
    context.addServletContainerInitializer(initializer);
    org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler errors =
        new org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler();
    errors.addErrorPage(TestApp.ERROR_PAGE_STATUS, "/error-page");
    context.setErrorHandler(errors);
    server.setHandler(context);
    server.start();
    return new JettyNode(server, connector);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
