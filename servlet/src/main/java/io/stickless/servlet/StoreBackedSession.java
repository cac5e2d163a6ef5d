package io.stickless.servlet;

import static java.util.Objects.requireNonNull;

import io.stickless.session.StoredSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HttpSession} the application sees: one request's {@link StoredSession} plus the
 * Servlet rules (listeners, {@code IllegalStateException} after {@link #invalidate()}, refusing
 * values that cannot be stored). Every method takes the request's lock, so the threads of an async
 * request may share it; listeners are called after the lock is released.
 */
final class StoreBackedSession implements HttpSession {

  private final RequestSessions owner;
  private final StoredSession stored;
  private final boolean isNew;
  private boolean valid = true;

  StoreBackedSession(RequestSessions owner, StoredSession stored, boolean isNew) {
    this.owner = owner;
    this.stored = stored;
    this.isNew = isNew;
  }

  StoredSession stored() {
    return stored;
  }

  boolean isNewSession() {
    return isNew;
  }

  boolean isValid() {
    synchronized (owner) {
      return valid;
    }
  }

  private void checkValid(String method) {
    if (!valid) {
      throw new IllegalStateException(
          method + ": the session was invalidated; get a new one with request.getSession()");
    }
  }

  @Override
  public long getCreationTime() {
    synchronized (owner) {
      checkValid("getCreationTime");
      return stored.getCreationTime().toEpochMilli();
    }
  }

  @Override
  public String getId() {
    synchronized (owner) {
      return stored.getId();
    }
  }

  @Override
  public long getLastAccessedTime() {
    synchronized (owner) {
      checkValid("getLastAccessedTime");
      return stored.getLastAccessedTime().toEpochMilli();
    }
  }

  @Override
  public ServletContext getServletContext() {
    return owner.servletContext();
  }

  @Override
  public void setMaxInactiveInterval(int interval) {
    synchronized (owner) {
      stored.setMaxInactiveInterval(Duration.ofSeconds(interval));
      owner.accessed();
    }
  }

  @Override
  public int getMaxInactiveInterval() {
    synchronized (owner) {
      long seconds = stored.getMaxInactiveInterval().getSeconds();
      return seconds <= 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, seconds);
    }
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    synchronized (owner) {
      checkValid("getAttribute");
      // the caller may change the value in place: the next commit re-encodes it
      owner.accessed();
      return stored.getAttribute(name);
    }
  }

  @Override
  public Enumeration<String> getAttributeNames() {
    synchronized (owner) {
      checkValid("getAttributeNames");
      owner.accessed();
      return Collections.enumeration(new ArrayList<>(stored.getAttributeNames()));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The value must be {@link Serializable}, checked here only for the value's own class: a field
   * holding something that is not serializable is found when the request commits, where the store's
   * codec throws an {@link IllegalArgumentException} naming the attribute and the class. Listeners
   * run outside the session's lock. A value or name refused here calls no listener: neither {@code
   * valueBound} on the value, nor {@code valueUnbound} on the value it would replace, nor any
   * {@code HttpSessionAttributeListener}.
   *
   * @throws IllegalArgumentException when the value's class is not {@link Serializable}, or the
   *     name is empty or longer than 1,024 bytes in UTF-8 ({@link
   *     StoredSession#checkAttributeName(String)})
   * @throws IllegalStateException when the session was invalidated
   */
  @Override
  public void setAttribute(String name, @Nullable Object value) {
    requireNonNull(name, "name");
    if (value == null) {
      removeAttribute(name);
      return;
    }
    // before valueBound: a refused attribute must not be announced to anyone
    StoredSession.checkAttributeName(name);
    if (!(value instanceof Serializable)) {
      throw new IllegalArgumentException(
          "Session attribute '"
              + name
              + "' is a "
              + value.getClass().getName()
              + ", which is not Serializable: sessions shared by all nodes (a distributable"
              + " application) keep only Serializable values; implement java.io.Serializable or"
              + " store something that is");
    }
    Object old;
    synchronized (owner) {
      checkValid("setAttribute");
      old = stored.getAttribute(name);
    }
    if (value != old) {
      SessionListeners.bound(this, name, value);
    }
    synchronized (owner) {
      checkValid("setAttribute");
      stored.setAttribute(name, value);
      owner.accessed();
    }
    if (old != null && old != value) {
      SessionListeners.unbound(this, name, old);
    }
    if (old == null) {
      owner.listeners().added(this, name, value);
    } else {
      owner.listeners().replaced(this, name, old);
    }
  }

  @Override
  public void removeAttribute(String name) {
    requireNonNull(name, "name");
    Object old;
    synchronized (owner) {
      checkValid("removeAttribute");
      old = stored.getAttribute(name);
      if (old == null) {
        return;
      }
      stored.removeAttribute(name);
      owner.accessed();
    }
    SessionListeners.unbound(this, name, old);
    owner.listeners().removed(this, name, old);
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code sessionDestroyed} listeners run first, while the session is still usable; then the
   * session is deleted from the store and each attribute is unbound. Listeners run outside the
   * session's lock.
   */
  @Override
  public void invalidate() {
    synchronized (owner) {
      checkValid("invalidate");
    }
    owner.listeners().destroyed(this);
    Map<String, Object> removed = new LinkedHashMap<>();
    synchronized (owner) {
      checkValid("invalidate");
      valid = false;
      for (String name : stored.getAttributeNames()) {
        Object value = stored.getAttribute(name);
        if (value != null) {
          removed.put(name, value);
        }
      }
      owner.invalidated(this);
    }
    removed.forEach(
        (name, value) -> {
          SessionListeners.unbound(this, name, value);
          owner.listeners().removed(this, name, value);
        });
  }

  /**
   * Access to this session outside the request (e.g. from a WebSocket endpoint): each {@code
   * access} loads the session from the store, runs the operation, and saves what it changed.
   * Listeners are called as within a request.
   */
  @Override
  public Accessor getAccessor() {
    String id = getId();
    FilterParts parts = owner.parts();
    return operation -> {
      requireNonNull(operation, "operation");
      RequestSessions detached = new RequestSessions(parts, id);
      HttpSession session = detached.getSession(false, null);
      if (session == null) {
        throw new IllegalStateException(
            "The session is no longer valid (invalidated, expired or its id changed)");
      }
      operation.accept(session);
      detached.commitDetached();
    };
  }

  @Override
  public boolean isNew() {
    synchronized (owner) {
      checkValid("isNew");
      return isNew;
    }
  }

  @Override
  public String toString() {
    return "StoreBackedSession[valid=" + valid + ", new=" + isNew + "]";
  }
}
