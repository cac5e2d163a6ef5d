package io.stickless.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The application both nodes run: one servlet whose path says what to do with the session. */
final class TestApp {

  /**
   * valueBound/valueUnbound calls of {@link Token}s, across nodes, by the journal each token names
   * (one per test, so tests never see each other's events).
   */
  private static final Map<String, List<String>> BINDING_EVENTS = new ConcurrentHashMap<>();

  /** The binding events recorded in the given journal. */
  static List<String> bindingEvents(String journal) {
    return BINDING_EVENTS.computeIfAbsent(journal, j -> new CopyOnWriteArrayList<>());
  }

  /** Latches a request waits on after flushing, released by the test. */
  static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

  /** The status both containers send to {@code /error-page}. */
  static final int ERROR_PAGE_STATUS = 409;

  private TestApp() {}

  /** Registers the listener (as the application would), the filter and the servlet. */
  static ServletContainerInitializer installer(
      @Nullable Filter filter, @Nullable RecordingListener listener) {
    return (classes, context) -> {
      if (listener != null) {
        context.addListener(listener);
      }
      if (filter != null) {
        FilterRegistration.Dynamic f = context.addFilter("stickless", filter);
        f.setAsyncSupported(true);
        f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
      }
      addServlet(context);
    };
  }

  static void addServlet(ServletContext context) {
    ServletRegistration.Dynamic s = context.addServlet("app", new AppServlet());
    s.setAsyncSupported(true);
    s.addMapping("/*");
  }

  /** A session attribute that records when it is bound and unbound. */
  static final class Token implements HttpSessionBindingListener, Serializable {
    private static final long serialVersionUID = 1L;
    final String name;
    final String journal;

    Token(String name, String journal) {
      this.name = name;
      this.journal = journal;
    }

    @Override
    public void valueBound(HttpSessionBindingEvent event) {
      bindingEvents(journal).add("bound " + name + " as " + event.getName());
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
      bindingEvents(journal).add("unbound " + name + " as " + event.getName());
    }

    @Override
    public String toString() {
      return "Token(" + name + ")";
    }
  }

  static final class AppServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp)
        throws IOException, jakarta.servlet.ServletException {
      resp.setContentType("text/plain;charset=UTF-8");
      String path =
          req.getDispatcherType() == jakarta.servlet.DispatcherType.INCLUDE
              ? (String) req.getAttribute(jakarta.servlet.RequestDispatcher.INCLUDE_PATH_INFO)
              : req.getPathInfo();
      String name = req.getParameter("name");
      String value = req.getParameter("value");
      switch (path) {
        case "/none" -> resp.getWriter().print("no session used");
        case "/whoami" -> {
          HttpSession s = req.getSession(false);
          Object user = s == null ? null : s.getAttribute("user");
          resp.getWriter().print(user == null ? "anonymous" : user);
        }
        case "/login" -> {
          HttpSession s = req.getSession();
          req.changeSessionId();
          s.setAttribute("user", req.getParameter("user"));
          resp.getWriter().print("welcome " + req.getParameter("user"));
        }
        case "/set" -> {
          req.getSession().setAttribute(name, value);
          resp.getWriter().print("set " + name);
        }
        case "/get" -> {
          HttpSession s = req.getSession(false);
          resp.getWriter().print(s == null ? "no session" : String.valueOf(s.getAttribute(name)));
        }
        case "/remove" -> {
          req.getSession().removeAttribute(name);
          resp.getWriter().print("removed " + name);
        }
        case "/token" -> {
          req.getSession().setAttribute(name, new Token(value, req.getParameter("journal")));
          resp.getWriter().print("token " + name);
        }
        case "/invalidate" -> {
          HttpSession s = req.getSession(false);
          if (s != null) {
            s.invalidate();
          }
          resp.getWriter().print(s == null ? "no session" : "invalidated");
        }
        case "/use-after-invalidate" -> {
          HttpSession s = req.getSession();
          s.invalidate();
          try {
            s.getAttribute("x");
            resp.getWriter().print("no exception");
          } catch (IllegalStateException e) {
            resp.getWriter().print("IllegalStateException");
          }
        }
        case "/change-id" -> {
          String before = req.getSession().getId();
          String after = req.changeSessionId();
          resp.getWriter()
              .print(
                  "changed "
                      + !before.equals(after)
                      + " "
                      + after.equals(req.getSession().getId()));
        }
        case "/redirect-after-set" -> {
          req.getSession().setAttribute(name, value);
          resp.sendRedirect("/get?name=" + name);
        }
        case "/flush-after-set" -> {
          req.getSession().setAttribute(name, value);
          PrintWriter w = resp.getWriter();
          w.print("flushed");
          resp.flushBuffer();
          await(req.getParameter("gate"));
        }
        case "/non-serializable" -> {
          try {
            req.getSession().setAttribute("thing", new Object());
            resp.getWriter().print("accepted");
          } catch (IllegalArgumentException e) {
            resp.getWriter().print("refused: " + e.getMessage());
          }
        }
        case "/info" -> info(req, resp);
        case "/max-inactive" -> {
          HttpSession s = req.getSession();
          if (value != null) {
            s.setMaxInactiveInterval(Integer.parseInt(value));
          }
          resp.getWriter().print(s.getMaxInactiveInterval());
        }
        case "/forward" -> {
          req.getSession().setAttribute(name, value);
          req.getRequestDispatcher("/get?name=" + name).forward(req, resp);
        }
        case "/include" -> {
          resp.getWriter().print("included:");
          req.getRequestDispatcher("/set").include(req, resp);
        }
        case "/async-set" -> {
          AsyncContext async = req.startAsync();
          async.start(
              () -> {
                try {
                  HttpServletRequest r = (HttpServletRequest) async.getRequest();
                  r.getSession().setAttribute(name, value);
                  async.getResponse().getWriter().print("async set " + name);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                } finally {
                  async.complete();
                }
              });
        }
        case "/list-after-flush" -> {
          HttpSession s = req.getSession();
          s.setAttribute(name, new java.util.ArrayList<String>());
          resp.getWriter().print("appended");
          resp.flushBuffer();
          @SuppressWarnings("unchecked")
          List<String> list = (List<String>) s.getAttribute(name);
          list.add(value);
        }
        case "/set-huge" -> {
          byte[] noise = new byte[600 * 1024]; // random: deflating cannot shrink it below 400 KB
          new java.util.Random(13).nextBytes(noise);
          req.getSession()
              .setAttribute(name, "VALUE-" + java.util.Base64.getEncoder().encodeToString(noise));
          resp.getWriter().print("set " + name);
          if (req.getParameter("flush") != null) {
            resp.flushBuffer();
          }
        }
        case "/big-write" -> {
          req.getSession().setAttribute(name, value);
          resp.setContentType("application/octet-stream");
          resp.getOutputStream().write(new byte[12_000]);
        }
        case "/println-to-length" -> {
          req.getSession().setAttribute(name, value);
          resp.setContentType("text/plain;charset=ISO-8859-1");
          resp.setContentLength(6);
          resp.getWriter().println("hello");
        }
        case "/async-dispatch" -> {
          if (req.getDispatcherType() == jakarta.servlet.DispatcherType.ASYNC) {
            req.getSession().setAttribute(name, value);
            resp.getWriter().print("dispatched set " + name);
          } else {
            req.startAsync().dispatch();
          }
        }
        case "/set-after-close" -> {
          HttpSession s = req.getSession(false);
          resp.getWriter().print("closed");
          resp.getWriter().close();
          s.setAttribute(name, value);
        }
        case "/conflict" -> {
          req.getSession().setAttribute(name, value);
          resp.sendError(ERROR_PAGE_STATUS);
        }
        case "/error-page" -> {
          HttpSession s = req.getSession(false);
          resp.getWriter()
              .print(
                  req.getDispatcherType()
                      + " "
                      + (s == null ? "no session" : s.getAttribute(String.valueOf(name))));
        }
        case "/explode" -> {
          req.getSession().setAttribute("explode", "boom");
          resp.getWriter().print("survived");
        }
        default -> resp.sendError(404, "no route " + path);
      }
    }

    private static void info(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      PrintWriter w = resp.getWriter();
      w.println("requested=" + (req.getRequestedSessionId() != null));
      w.println("requestedValid=" + req.isRequestedSessionIdValid());
      w.println("fromCookie=" + req.isRequestedSessionIdFromCookie());
      w.println("fromURL=" + req.isRequestedSessionIdFromURL());
      HttpSession s = req.getSession();
      w.println("new=" + s.isNew());
      w.println("created=" + s.getCreationTime());
      w.println("lastAccessed=" + s.getLastAccessedTime());
      w.println("maxInactive=" + s.getMaxInactiveInterval());
      w.println("context=" + (s.getServletContext() == req.getServletContext()));
      w.println("names=" + Collections.list(s.getAttributeNames()));
    }

    private static void await(@Nullable String gate) {
      if (gate == null) {
        return;
      }
      CountDownLatch latch = GATES.computeIfAbsent(gate, g -> new CountDownLatch(1));
      try {
        latch.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
