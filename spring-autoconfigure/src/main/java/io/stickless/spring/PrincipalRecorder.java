package io.stickless.spring;

import io.stickless.session.StoredSession;
import org.jspecify.annotations.Nullable;

/** Tells whose a session is, from what the session holds, so the store can record it at save. */
@FunctionalInterface
interface PrincipalRecorder {

  /** The principal's name, or {@code null} for an anonymous session. */
  @Nullable String principalOf(StoredSession session);
}
