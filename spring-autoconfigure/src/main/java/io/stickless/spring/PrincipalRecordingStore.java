package io.stickless.spring;

import io.stickless.session.ForwardingSessionStore;
import io.stickless.session.SessionStore;
import io.stickless.session.StoredSession;
import java.util.Objects;

/**
 * The store as the session filter sees it: before each save and id change, the session's principal
 * is set from what it holds (Spring Security's context), so {@link
 * SessionStore#findByPrincipal(String)} finds it. An unchanged principal writes nothing more. Every
 * other call is forwarded as it is.
 */
final class PrincipalRecordingStore extends ForwardingSessionStore {

  private final SessionStore store;
  private final PrincipalRecorder recorder;

  PrincipalRecordingStore(SessionStore store, PrincipalRecorder recorder) {
    this.store = store;
    this.recorder = recorder;
  }

  @Override
  protected SessionStore delegate() {
    return store;
  }

  private void record(StoredSession session) {
    String principal = recorder.principalOf(session);
    if (!Objects.equals(principal, session.getPrincipal())) {
      session.setPrincipal(principal);
    }
  }

  @Override
  public void save(StoredSession session) {
    record(session);
    super.save(session);
  }

  @Override
  public String changeSessionId(StoredSession session) {
    record(session);
    return super.changeSessionId(session);
  }
}
