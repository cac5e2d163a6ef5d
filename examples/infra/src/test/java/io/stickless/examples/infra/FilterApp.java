package io.stickless.examples.infra;

import io.stickless.servlet.SessionFilter;
import io.stickless.session.SessionStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A servlet app on embedded Jetty (127.0.0.1, a free port) whose sessions go through Stickless'
 * {@link SessionFilter}: {@code /set?v=...} sets an attribute, {@code /get} reads it, {@code
 * /rotate} changes the session id, {@code /logout} invalidates the session.
 */
final class FilterApp implements AutoCloseable {

  private final Server server;
  private final ServerConnector connector;

  FilterApp(SessionStore store) throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(
        new FilterHolder(SessionFilter.builder(store).build()),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new App()), "/*");
    server.setHandler(context);
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private static final class App extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      String answer;
      switch (request.getPathInfo() == null ? request.getServletPath() : request.getPathInfo()) {
        case "/set" -> {
          request.getSession().setAttribute("v", request.getParameter("v"));
          answer = "set";
        }
        case "/get" -> {
          HttpSession session = request.getSession(false);
          answer = session == null ? "none" : String.valueOf(session.getAttribute("v"));
        }
        case "/rotate" -> answer = request.changeSessionId().isEmpty() ? "?" : "rotated";
        case "/logout" -> {
          request.getSession().invalidate();
          answer = "bye";
        }
        default -> {
          response.sendError(404);
          return;
        }
      }
      response.setContentType("text/plain");
      response.getWriter().write(answer);
    }
  }
}
