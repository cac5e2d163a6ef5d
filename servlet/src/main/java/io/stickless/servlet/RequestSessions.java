package io.stickless.servlet;

import io.stickless.session.ReadHint;
import io.stickless.session.SessionStore;
import io.stickless.session.SessionTooLargeException;
import io.stickless.session.StoredSession;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's session state, shared by every dispatch of the request (forward, include, error,
 * async): the id the client sent, the session once looked up or created, and what the client knows.
 * Lazy: nothing touches the store until the application asks for the session. State is guarded by
 * this object's lock; session listeners are called outside it.
 */
final class RequestSessions {

  private static final Logger log = LoggerFactory.getLogger(RequestSessions.class);

  private final FilterParts parts;
  private final @Nullable String requestedId;

  /** The read hint the client sent, or null. */
  private final @Nullable ReadHint requestedHint;

  private boolean lookedUp;
  private @Nullable StoreBackedSession current;
  private @Nullable StoreBackedSession requested;

  /** The id the client holds as far as this request knows, or null. */
  private @Nullable String clientId;

  /** The read hint last sent to the client by this request, or null. */
  private @Nullable ReadHint sentHint;

  /** Whether the client's id is known to name no live session (so its cookie should go). */
  private boolean clientIdDead;

  /** Whether the session was used since the last commit (a save may touch or write). */
  private boolean accessedSinceCommit;

  /** Whether sessionCreated was fired for the current new session. */
  private boolean createdAnnounced;

  /** Whether this request passed the outage fail-fast check (perhaps as the probe). */
  private boolean backendChecked;

  /** {@link BackendHealth#now()} when this request passed that check. */
  private long backendCheckedMillis;

  private boolean usedStore;

  /** What the store refused to save this request's session with, if it did. */
  private @Nullable RuntimeException refusedSave;

  // written by the thread calling complete(), read by the container thread firing onComplete
  private volatile boolean committedByComplete;

  RequestSessions(FilterParts parts, HttpServletRequest request) {
    this(
        parts,
        parts.resolver().resolveSessionId(request),
        parts.resolver().resolveReadHint(request));
  }

  /**
   * State for a known id outside any request ({@link jakarta.servlet.http.HttpSession.Accessor}):
   * no hint, so the read is strongly consistent.
   */
  RequestSessions(FilterParts parts, @Nullable String requestedId) {
    this(parts, requestedId, null);
  }

  private RequestSessions(
      FilterParts parts, @Nullable String requestedId, @Nullable ReadHint requestedHint) {
    this.parts = parts;
    this.requestedId = requestedId;
    this.requestedHint = requestedHint;
    this.clientId = requestedId;
  }

  FilterParts parts() {
    return parts;
  }

  ServletContext servletContext() {
    return parts.servletContext();
  }

  SessionListeners listeners() {
    return parts.listeners();
  }

  SessionStore store() {
    return parts.store();
  }

  synchronized @Nullable String requestedId() {
    return requestedId;
  }

  boolean fromCookie() {
    return parts.resolver() instanceof CookieSessionIdResolver;
  }

  /** {@link jakarta.servlet.AsyncContext#complete()} committed this request's session. */
  void markCommittedByComplete() {
    committedByComplete = true;
  }

  boolean committedByComplete() {
    return committedByComplete;
  }

  synchronized boolean usedStore() {
    return usedStore;
  }

  /**
   * The exception in {@code failure}'s causes with which the store refused to save this request's
   * session before any call ({@link SessionTooLargeException}, or an {@link
   * IllegalArgumentException} for a value the codec cannot encode), or null when there is none.
   */
  synchronized @Nullable RuntimeException refusedSave(Throwable failure) {
    for (Throwable t = failure; t != null && refusedSave != null; t = t.getCause()) {
      if (t == refusedSave) {
        return refusedSave;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** When this request began using the store, as {@link BackendHealth#now()}. */
  synchronized long storeStartedMillis() {
    return backendChecked ? backendCheckedMillis : parts.health().now();
  }

  synchronized void accessed() {
    accessedSinceCommit = true;
  }

  /**
   * Fails fast during an outage, once per request: a request let through (perhaps as the probe)
   * goes on to use the store.
   */
  private void checkBackend() {
    if (!backendChecked) {
      parts.health().checkAvailable();
      backendChecked = true;
      backendCheckedMillis = parts.health().now();
    }
  }

  /** Looks the requested id up once; malformed ids are refused by the store without a call. */
  private @Nullable StoreBackedSession lookUpRequested() {
    if (!lookedUp) {
      if (requestedId != null) {
        checkBackend();
      }
      lookedUp = true;
      if (requestedId != null) {
        usedStore = true;
        StoredSession found = store().findById(requestedId, requestedHint);
        if (found == null) {
          clientIdDead = true;
        } else {
          requested = new StoreBackedSession(this, found, false);
          current = requested;
        }
      }
    }
    return requested;
  }

  /**
   * The session, looked up once; with {@code create}, a new one when there is none.
   *
   * @throws IllegalStateException when a session must be created but the response is committed, so
   *     its id could not reach the client
   */
  @Nullable StoreBackedSession getSession(boolean create, @Nullable HttpServletResponse response) {
    StoreBackedSession created;
    synchronized (this) {
      StoreBackedSession found = findOrCreate(create, response);
      if (found == null || !found.isNewSession() || createdAnnounced) {
        return found;
      }
      createdAnnounced = true;
      created = found;
    }
    // listeners run outside the lock: a listener may write to the response, whose commit hook
    // takes this lock from another thread of an async request
    parts.listeners().created(created);
    return created;
  }

  private @Nullable StoreBackedSession findOrCreate(
      boolean create, @Nullable HttpServletResponse response) {
    StoreBackedSession session = current;
    if (session == null && !lookedUp) {
      session = lookUpRequested();
    }
    if (session != null && session.isValid()) {
      accessedSinceCommit = true;
      return session;
    }
    if (!create) {
      return null;
    }
    if (response == null || response.isCommitted()) {
      throw new IllegalStateException(
          "Cannot create a session after the response has been committed: its id could not be"
              + " sent. Call request.getSession() before writing the response.");
    }
    checkBackend();
    usedStore = true;
    StoreBackedSession created = new StoreBackedSession(this, store().createSession(), true);
    current = created;
    createdAnnounced = false;
    accessedSinceCommit = true;
    return created;
  }

  synchronized boolean isRequestedSessionIdValid() {
    if (requestedId == null) {
      return false;
    }
    StoreBackedSession session = lookUpRequested();
    return session != null
        && session == current
        && session.isValid()
        && requestedId.equals(session.stored().getId());
  }

  String changeSessionId(HttpServletResponse response) {
    StoreBackedSession session;
    String oldId;
    String newId;
    synchronized (this) {
      session = findOrCreate(false, response);
      if (session == null) {
        throw new IllegalStateException(
            "changeSessionId() needs a session, and this request has none: call getSession()"
                + " first");
      }
      oldId = session.stored().getId();
      usedStore = true;
      newId = store().changeSessionId(session.stored());
      if (oldId.equals(clientId)) {
        clientIdDead = true;
      }
    }
    parts.listeners().idChanged(session, oldId);
    return newId;
  }

  /** Called by {@link StoreBackedSession#invalidate()} after the listeners ran. */
  synchronized void invalidated(StoreBackedSession session) {
    String id = session.stored().getId();
    if (!session.isNewSession()) {
      usedStore = true;
    }
    // not deleteById: invalidate also marks the object gone, so no later save can resurrect it
    store().invalidate(session.stored());
    if (id.equals(clientId)) {
      clientIdDead = true;
    }
    accessedSinceCommit = false;
  }

  /** Saves what an {@link jakarta.servlet.http.HttpSession.Accessor} operation changed. */
  synchronized void commitDetached() {
    StoreBackedSession session = current;
    if (session != null && session.isValid() && accessedSinceCommit) {
      store().save(session.stored());
      accessedSinceCommit = false;
    }
  }

  /**
   * Writes what this request changed and tells the client its id. Runs before the response commits
   * (then a no-op when the session was not used since the last commit) and, with {@code last}, when
   * the request ends: then it always saves a session the request obtained, since the application
   * may have changed an attribute value in place after an earlier commit without calling the
   * session again. The store writes nothing when no encoded value changed.
   */
  synchronized void commit(HttpServletRequest request, HttpServletResponse response, boolean last) {
    StoreBackedSession session = current;
    if (session != null && session.isValid()) {
      if (accessedSinceCommit || last) {
        usedStore = true;
        accessedSinceCommit = false;
        try {
          store().save(session.stored());
        } catch (SessionTooLargeException | IllegalArgumentException e) {
          // refused before any call (too large, or a value the codec cannot encode): nothing was
          // written, and the store is fine
          refusedSave = e;
          throw e;
        }
      }
      String id = session.stored().getId();
      // a store reading HINTED hands out a new hint after every write: the client returns it
      ReadHint hint = session.stored().readHint();
      boolean newHint = hint != null && !hint.equals(sentHint);
      if (!id.equals(clientId) || newHint) {
        if (response.isCommitted()) {
          log.debug(
              "Response already committed: could not send the session id or read hint to the"
                  + " client");
        } else {
          parts.resolver().setSessionId(request, response, id, hint);
          clientId = id;
          sentHint = hint;
          clientIdDead = false;
        }
      }
    } else if (clientId != null && clientIdDead && !response.isCommitted()) {
      parts.resolver().expireSession(request, response);
      clientId = null;
      clientIdDead = false;
    }
  }
}
