package io.stickless.servlet;

import io.stickless.session.ReadHint;
import io.stickless.session.SessionStore;
import io.stickless.session.SessionStoreStats;
import io.stickless.session.StoredSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A store that forwards to another, counts the calls that reach the backend, and can be pointed at
 * a different store (a backend that came back on another port).
 */
final class SwappableStore implements SessionStore {

  private volatile SessionStore delegate;
  private final AtomicLong calls = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicInteger savesLeft =
      new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);

  /** From now on, lets this many saves through, then fails every save as an outage would. */
  void failSavesAfter(int saves) {
    savesLeft.set(saves);
  }

  SwappableStore(SessionStore delegate) {
    this.delegate = delegate;
  }

  void swap(SessionStore next) {
    this.delegate = next;
  }

  private final java.util.concurrent.atomic.AtomicInteger inStore =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxInStore =
      new java.util.concurrent.atomic.AtomicInteger();

  private void enter() {
    calls.incrementAndGet();
    begin();
  }

  private void begin() {
    maxInStore.accumulateAndGet(inStore.incrementAndGet(), Math::max);
  }

  private void exit() {
    inStore.decrementAndGet();
  }

  /** The most reads and saves waiting inside the store at once since the last reset. */
  int maxConcurrentCalls() {
    return maxInStore.get();
  }

  void resetMaxConcurrentCalls() {
    maxInStore.set(inStore.get());
  }

  /** Calls that may reach the backend (everything but {@code createSession} and stats). */
  long calls() {
    return calls.get();
  }

  @Override
  public StoredSession createSession() {
    return delegate.createSession();
  }

  @Override
  public @Nullable StoredSession findById(String id) {
    enter();
    try {
      return delegate.findById(id);
    } finally {
      exit();
    }
  }

  @Override
  public @Nullable StoredSession findById(String id, @Nullable ReadHint hint) {
    enter();
    try {
      return delegate.findById(id, hint);
    } finally {
      exit();
    }
  }

  @Override
  public void save(StoredSession session) {
    calls.incrementAndGet();
    if (savesLeft.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) == 0) {
      throw new io.stickless.BackendUnavailableException(
          "save failed on purpose", new java.io.IOException("test outage"));
    }
    begin();
    try {
      delegate.save(session);
    } finally {
      exit();
    }
  }

  @Override
  public void deleteById(String id) {
    calls.incrementAndGet();
    delegate.deleteById(id);
  }

  @Override
  public void invalidate(StoredSession session) {
    calls.incrementAndGet();
    delegate.invalidate(session);
  }

  @Override
  public String changeSessionId(StoredSession session) {
    calls.incrementAndGet();
    return delegate.changeSessionId(session);
  }

  @Override
  public List<StoredSession> findByPrincipal(String principal) {
    calls.incrementAndGet();
    return delegate.findByPrincipal(principal);
  }

  @Override
  public SessionStoreStats stats() {
    return delegate.stats();
  }

  @Override
  public Duration defaultMaxInactiveInterval() {
    return delegate.defaultMaxInactiveInterval();
  }
}
