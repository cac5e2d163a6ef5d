package io.stickless.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 11 on 127.0.0.1, an ephemeral port. */
final class TomcatNode implements AppNode {

  private final Tomcat tomcat;
  private final Connector connector;

  private TomcatNode(Tomcat tomcat, Connector connector) {
    this.tomcat = tomcat;
    this.connector = connector;
  }

  static AppNode start(ServletContainerInitializer initializer, Map<String, String> contextParams)
      throws Exception {
    Tomcat tomcat = new Tomcat();
    Path base = Files.createTempDirectory("stickless-tomcat");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    tomcat.getHost().setAutoDeploy(false);
    Context context = tomcat.addContext("", base.toString());
    contextParams.forEach(context::addParameter);
    org.apache.tomcat.util.descriptor.web.ErrorPage errorPage =
        new org.apache.tomcat.util.descriptor.web.ErrorPage();
    errorPage.setErrorCode(TestApp.ERROR_PAGE_STATUS);
    errorPage.setLocation("/error-page");
    context.addErrorPage(errorPage);
    context.addServletContainerInitializer(initializer, null);
    tomcat.start();
    return new TomcatNode(tomcat, connector);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (Exception e) {
      throw new IllegalStateException("Tomcat did not stop", e);
    }
  }
}
