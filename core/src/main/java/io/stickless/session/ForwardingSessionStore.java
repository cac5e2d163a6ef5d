package io.stickless.session;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SessionStore} that forwards every call to another, for decorators: override the calls
 * you change and leave the rest forwarded. Prefer it to implementing {@link SessionStore} by hand:
 * the interface's default methods (such as {@link #findById(String, ReadHint)}) do not reach the
 * decorated store, so a hand-written decorator that misses one silently changes behaviour (a read
 * hint dropped makes every hinted read strongly consistent); this class forwards them all.
 *
 * <pre>{@code
 * class CountingStore extends ForwardingSessionStore {
 *   private final SessionStore store;
 *   final AtomicLong saves = new AtomicLong();
 *
 *   CountingStore(SessionStore store) {
 *     this.store = store;
 *   }
 *
 *   @Override
 *   protected SessionStore delegate() {
 *     return store;
 *   }
 *
 *   @Override
 *   public void save(StoredSession session) {
 *     saves.incrementAndGet();
 *     super.save(session);
 *   }
 * }
 * }</pre>
 */
public abstract class ForwardingSessionStore implements SessionStore {

  /** For subclasses. */
  protected ForwardingSessionStore() {}

  /** The store every call is forwarded to; asked on every call. */
  protected abstract SessionStore delegate();

  @Override
  public StoredSession createSession() {
    return delegate().createSession();
  }

  @Override
  public @Nullable StoredSession findById(String id) {
    return delegate().findById(id);
  }

  @Override
  public @Nullable StoredSession findById(String id, @Nullable ReadHint hint) {
    return delegate().findById(id, hint);
  }

  @Override
  public void save(StoredSession session) {
    delegate().save(session);
  }

  @Override
  public void deleteById(String id) {
    delegate().deleteById(id);
  }

  @Override
  public void invalidate(StoredSession session) {
    delegate().invalidate(session);
  }

  @Override
  public String changeSessionId(StoredSession session) {
    return delegate().changeSessionId(session);
  }

  @Override
  public List<StoredSession> findByPrincipal(String principal) {
    return delegate().findByPrincipal(principal);
  }

  @Override
  public SessionStoreStats stats() {
    return delegate().stats();
  }

  @Override
  public Duration defaultMaxInactiveInterval() {
    return delegate().defaultMaxInactiveInterval();
  }

  @Override
  public String toString() {
    return delegate().toString();
  }
}
