package io.stickless.servlet;

import io.stickless.BackendThrottledException;
import io.stickless.BackendUnavailableException;
import io.stickless.session.ForwardingSessionStore;
import io.stickless.session.ReadHint;
import io.stickless.session.SessionStore;
import io.stickless.session.SessionStoreStats;
import io.stickless.session.StoredSession;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The filter's view of the store: every call passes the {@link StallBound}. A call the bound
 * refuses opens the outage ({@link BackendHealth#stalled}) and fails at once with {@link
 * BackendHealth.FailFastException}, which the filter answers 503; no store call is made.
 */
final class StallBoundedStore extends ForwardingSessionStore {

  private final SessionStore store;
  private final StallBound bound;
  private final BackendHealth health;

  StallBoundedStore(SessionStore store, StallBound bound, BackendHealth health) {
    this.store = store;
    this.bound = bound;
    this.health = health;
  }

  @Override
  protected SessionStore delegate() {
    return store;
  }

  private <T extends @Nullable Object> T call(Supplier<T> operation) {
    // during an outage the fail-fast window already lets only probes through: never refuse them
    StallBound.Call call = bound.enter(health.failingFast());
    if (call == null) {
      throw health.stalled(bound.waiting(), bound.oldestWaitMillis());
    }
    boolean answered = false;
    try {
      return operation.get();
    } catch (BackendThrottledException e) {
      answered = true; // DynamoDB answered, with throttling
      throw e;
    } catch (BackendUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      answered = true; // e.g. a failed condition, an item too large: not the backend's silence
      throw e;
    } finally {
      SessionStoreStats stats = store.stats();
      bound.exit(call, answered, stats.usage().readUnits() + stats.usage().writeUnits());
    }
  }

  private void run(Runnable operation) {
    call(
        () -> {
          operation.run();
          return Boolean.TRUE;
        });
  }

  @Override
  public @Nullable StoredSession findById(String id) {
    return call(() -> store.findById(id));
  }

  @Override
  public @Nullable StoredSession findById(String id, @Nullable ReadHint hint) {
    return call(() -> store.findById(id, hint));
  }

  @Override
  public void save(StoredSession session) {
    run(() -> store.save(session));
  }

  @Override
  public void deleteById(String id) {
    run(() -> store.deleteById(id));
  }

  @Override
  public void invalidate(StoredSession session) {
    run(() -> store.invalidate(session));
  }

  @Override
  public String changeSessionId(StoredSession session) {
    return call(() -> store.changeSessionId(session));
  }

  @Override
  public List<StoredSession> findByPrincipal(String principal) {
    return call(() -> store.findByPrincipal(principal));
  }
}
