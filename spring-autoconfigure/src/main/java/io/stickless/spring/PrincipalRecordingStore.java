package io.stickless.spring;

import io.stickless.session.ReadHint;
import io.stickless.session.SessionStore;
import io.stickless.session.SessionStoreStats;
import io.stickless.session.StoredSession;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The store as the session filter sees it: before each save and id change, the session's principal
 * is set from what it holds (Spring Security's context), so {@link
 * SessionStore#findByPrincipal(String)} finds it. An unchanged principal writes nothing more.
 */
final class PrincipalRecordingStore implements SessionStore {

  private final SessionStore store;
  private final PrincipalRecorder recorder;

  PrincipalRecordingStore(SessionStore store, PrincipalRecorder recorder) {
    this.store = store;
    this.recorder = recorder;
  }

  private void record(StoredSession session) {
    String principal = recorder.principalOf(session);
    if (!Objects.equals(principal, session.getPrincipal())) {
      session.setPrincipal(principal);
    }
  }

  @Override
  public StoredSession createSession() {
    return store.createSession();
  }

  @Override
  public @Nullable StoredSession findById(String id) {
    return store.findById(id);
  }

  @Override
  public @Nullable StoredSession findById(String id, @Nullable ReadHint hint) {
    return store.findById(id, hint);
  }

  @Override
  public void save(StoredSession session) {
    record(session);
    store.save(session);
  }

  @Override
  public void deleteById(String id) {
    store.deleteById(id);
  }

  @Override
  public void invalidate(StoredSession session) {
    store.invalidate(session);
  }

  @Override
  public String changeSessionId(StoredSession session) {
    record(session);
    return store.changeSessionId(session);
  }

  @Override
  public List<StoredSession> findByPrincipal(String principal) {
    return store.findByPrincipal(principal);
  }

  @Override
  public SessionStoreStats stats() {
    return store.stats();
  }

  @Override
  public Duration defaultMaxInactiveInterval() {
    return store.defaultMaxInactiveInterval();
  }

  @Override
  public String toString() {
    return store.toString();
  }
}
