package io.stickless.session;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What both stores share: every operation is the {@link SessionEngine}'s, so the in-memory
 * reference and the DynamoDB store cannot drift apart. Only their backends differ.
 */
abstract class EngineSessionStore implements SessionStore {

  final SessionEngine engine;

  EngineSessionStore(SessionEngine engine) {
    this.engine = engine;
  }

  @Override
  public StoredSession createSession() {
    return engine.createSession();
  }

  @Override
  public @Nullable StoredSession findById(String id) {
    return engine.findById(id, null);
  }

  @Override
  public @Nullable StoredSession findById(String id, @Nullable ReadHint hint) {
    return engine.findById(id, hint);
  }

  @Override
  public void save(StoredSession session) {
    engine.save(session);
  }

  @Override
  public void deleteById(String id) {
    engine.deleteById(id);
  }

  @Override
  public void invalidate(StoredSession session) {
    engine.invalidate(session);
  }

  @Override
  public String changeSessionId(StoredSession session) {
    return engine.changeSessionId(session);
  }

  @Override
  public List<StoredSession> findByPrincipal(String principal) {
    return engine.findByPrincipal(principal);
  }

  @Override
  public SessionStoreStats stats() {
    return engine.stats();
  }

  @Override
  public Duration defaultMaxInactiveInterval() {
    return engine.settings().defaultMaxInactiveInterval();
  }
}
