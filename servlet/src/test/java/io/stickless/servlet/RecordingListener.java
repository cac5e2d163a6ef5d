package io.stickless.servlet;

import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every session event as text; throws on an attribute named "explode". */
final class RecordingListener
    implements HttpSessionListener, HttpSessionAttributeListener, HttpSessionIdListener {

  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void sessionCreated(HttpSessionEvent se) {
    events.add("created");
  }

  @Override
  public void sessionDestroyed(HttpSessionEvent se) {
    events.add("destroyed user=" + se.getSession().getAttribute("user"));
  }

  @Override
  public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
    events.add("idChanged " + !oldSessionId.equals(event.getSession().getId()));
  }

  @Override
  public void attributeAdded(HttpSessionBindingEvent event) {
    events.add("added " + event.getName() + "=" + event.getValue());
    if (event.getName().equals("explode")) {
      throw new IllegalStateException("listener failure on purpose");
    }
  }

  @Override
  public void attributeRemoved(HttpSessionBindingEvent event) {
    events.add("removed " + event.getName() + "=" + event.getValue());
  }

  @Override
  public void attributeReplaced(HttpSessionBindingEvent event) {
    events.add("replaced " + event.getName() + "=" + event.getValue());
  }
}
