package io.stickless.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EventListener;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web application's session listeners, called the way the Servlet specification says. A
 * listener that throws is logged (WARN) and the request goes on.
 */
final class SessionListeners {

  private static final Logger log = LoggerFactory.getLogger(SessionListeners.class);

  private final List<HttpSessionListener> lifecycle = new ArrayList<>();
  private final List<HttpSessionAttributeListener> attribute = new ArrayList<>();
  private final List<HttpSessionIdListener> id = new ArrayList<>();
  private final int distinct;

  SessionListeners(Collection<? extends EventListener> listeners) {
    Set<EventListener> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (EventListener l : listeners) {
      if (!seen.add(l)) {
        continue;
      }
      if (l instanceof HttpSessionListener s) {
        lifecycle.add(s);
      }
      if (l instanceof HttpSessionAttributeListener a) {
        attribute.add(a);
      }
      if (l instanceof HttpSessionIdListener i) {
        id.add(i);
      }
    }
    distinct = seen.size();
  }

  static boolean isSessionListener(Object listener) {
    return listener instanceof HttpSessionListener
        || listener instanceof HttpSessionAttributeListener
        || listener instanceof HttpSessionIdListener;
  }

  static boolean isSessionListenerType(Class<?> type) {
    return HttpSessionListener.class.isAssignableFrom(type)
        || HttpSessionAttributeListener.class.isAssignableFrom(type)
        || HttpSessionIdListener.class.isAssignableFrom(type);
  }

  /** How many distinct listeners (one may implement several interfaces). */
  int size() {
    return distinct;
  }

  void created(HttpSession session) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    each(lifecycle, "sessionCreated", l -> l.sessionCreated(event));
  }

  void destroyed(HttpSession session) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    List<HttpSessionListener> reversed = new ArrayList<>(lifecycle);
    Collections.reverse(reversed);
    each(reversed, "sessionDestroyed", l -> l.sessionDestroyed(event));
  }

  void idChanged(HttpSession session, String oldId) {
    HttpSessionEvent event = new HttpSessionEvent(session);
    each(id, "sessionIdChanged", l -> l.sessionIdChanged(event, oldId));
  }

  void added(HttpSession session, String name, Object value) {
    if (!attribute.isEmpty()) {
      HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, value);
      each(attribute, "attributeAdded", l -> l.attributeAdded(event));
    }
  }

  void replaced(HttpSession session, String name, Object oldValue) {
    if (!attribute.isEmpty()) {
      HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, oldValue);
      each(attribute, "attributeReplaced", l -> l.attributeReplaced(event));
    }
  }

  void removed(HttpSession session, String name, Object oldValue) {
    if (!attribute.isEmpty()) {
      HttpSessionBindingEvent event = new HttpSessionBindingEvent(session, name, oldValue);
      each(attribute, "attributeRemoved", l -> l.attributeRemoved(event));
    }
  }

  static void bound(HttpSession session, String name, Object value) {
    if (value instanceof HttpSessionBindingListener l) {
      call(l, "valueBound", () -> l.valueBound(new HttpSessionBindingEvent(session, name, value)));
    }
  }

  static void unbound(HttpSession session, String name, Object value) {
    if (value instanceof HttpSessionBindingListener l) {
      call(
          l,
          "valueUnbound",
          () -> l.valueUnbound(new HttpSessionBindingEvent(session, name, value)));
    }
  }

  private static <L> void each(List<L> listeners, String method, Consumer<L> call) {
    for (L l : listeners) {
      call(l, method, () -> call.accept(l));
    }
  }

  private static void call(Object listener, String method, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn(
          "Session listener {}.{} threw; ignored so the request goes on",
          listener.getClass().getName(),
          method,
          e);
    }
  }

  /**
   * The session listeners the container registered for the application (declared in web.xml, with
   * {@code @WebListener}, or added through {@code ServletContext.addListener}). The Servlet API has
   * no way to list them, so this knows Tomcat and Jetty; elsewhere it finds none (name them with
   * the {@code listeners} setting or {@code SessionFilter.Builder.listener} instead).
   */
  static List<EventListener> discover(ServletContext context) {
    List<EventListener> found = new ArrayList<>();
    try {
      String type = context.getClass().getName();
      if (type.startsWith("org.apache.catalina.")) {
        Object applicationContext = field(context, "context");
        Object standardContext = field(applicationContext, "context");
        for (String getter :
            new String[] {"getApplicationLifecycleListeners", "getApplicationEventListeners"}) {
          Object[] listeners =
              (Object[]) standardContext.getClass().getMethod(getter).invoke(standardContext);
          addSessionListeners(listeners == null ? List.of() : List.of(listeners), found);
        }
      } else if (type.startsWith("org.eclipse.jetty.")) {
        ClassLoader loader = context.getClass().getClassLoader();
        for (String handlerType :
            new String[] {
              "org.eclipse.jetty.ee11.servlet.ServletContextHandler",
              "org.eclipse.jetty.ee10.servlet.ServletContextHandler"
            }) {
          Class<?> handlerClass;
          try {
            handlerClass = Class.forName(handlerType, false, loader);
          } catch (ClassNotFoundException notThisOne) {
            continue;
          }
          Object handler =
              handlerClass
                  .getMethod("getServletContextHandler", ServletContext.class)
                  .invoke(null, context);
          if (handler != null) {
            Object listeners = handler.getClass().getMethod("getEventListeners").invoke(handler);
            addSessionListeners((Collection<?>) listeners, found);
            break;
          }
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.info(
          "Could not list the container's session listeners ({}); register them with the"
              + " 'listeners' setting or SessionFilter.Builder.listener",
          e.toString());
    }
    return found;
  }

  private static void addSessionListeners(Collection<?> listeners, List<EventListener> into) {
    for (Object l : listeners) {
      if (isSessionListener(l)) {
        into.add((EventListener) l);
      }
    }
  }

  private static Object field(Object target, String name) throws ReflectiveOperationException {
    Field f = target.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(target);
  }
}
