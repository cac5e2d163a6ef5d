package io.stickless.spring;

import static java.util.Objects.requireNonNull;

import io.stickless.session.SessionStore;
import io.stickless.session.StoredSession;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring Security's {@link SessionRegistry} on the session store, so {@code maximumSessions(n)}
 * holds across every node and an application can log a user out everywhere: {@link #getAllSessions}
 * asks the store's principal index ({@code stickless.session.principal-index}); {@link
 * SessionInformation#expireNow()} on what it returns deletes that session from the table, so its
 * next request, on any node, has no session and no login.
 *
 * <pre>{@code
 * http.sessionManagement(s -> s.maximumSessions(1).sessionRegistry(registry));
 * registry.getAllSessions(userName, false).forEach(SessionInformation::expireNow);  // everywhere
 * }</pre>
 *
 * <p>The store records each session's principal at save (from the security context), so
 * registration needs no call: {@link #registerNewSession}, {@link #refreshLastRequest} and {@link
 * #removeSessionInformation} do nothing, and {@link #getAllPrincipals()} is not supported (the
 * table has no list of users). {@link #getSessionInformation} answers from the request's own
 * session when asked about it (no call), else with one read.
 */
public final class SticklessSessionRegistry implements SessionRegistry {

  private final SessionStore store;

  /** A registry on this store, which must have a principal index. */
  public SticklessSessionRegistry(SessionStore store) {
    this.store = requireNonNull(store, "store");
  }

  /**
   * @throws UnsupportedOperationException always
   */
  @Override
  public List<Object> getAllPrincipals() {
    throw new UnsupportedOperationException(
        "Stickless keeps no list of principals; use getAllSessions(principal, false)");
  }

  @Override
  public List<SessionInformation> getAllSessions(Object principal, boolean includeExpiredSessions) {
    List<SessionInformation> result = new ArrayList<>();
    for (StoredSession session : store.findByPrincipal(name(principal))) {
      result.add(new StoreSessionInformation(principal, session, store));
    }
    return result;
  }

  @Override
  public @Nullable SessionInformation getSessionInformation(String sessionId) {
    HttpSession current = currentSession();
    if (current != null && sessionId.equals(current.getId())) {
      // the request's session was just read by the filter: live, no call needed
      return new SessionInformation(sessionId, sessionId, new Date(current.getLastAccessedTime()));
    }
    StoredSession session = store.findById(sessionId);
    if (session == null) {
      return null;
    }
    Object principal = session.getPrincipal() != null ? session.getPrincipal() : sessionId;
    return new StoreSessionInformation(principal, session, store);
  }

  @Override
  public void refreshLastRequest(String sessionId) {}

  @Override
  public void registerNewSession(String sessionId, Object principal) {}

  @Override
  public void removeSessionInformation(String sessionId) {}

  private static @Nullable HttpSession currentSession() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes instanceof ServletRequestAttributes servlet) {
      return servlet.getRequest().getSession(false);
    }
    return null;
  }

  static String name(Object principal) {
    if (principal instanceof UserDetails user) {
      return user.getUsername();
    }
    if (principal instanceof Authentication authentication) {
      return authentication.getName();
    }
    if (principal instanceof Principal p) {
      return p.getName();
    }
    return principal.toString();
  }

  /** A session found in the store; expiring it deletes it there, for every node. */
  private static final class StoreSessionInformation extends SessionInformation {

    private static final long serialVersionUID = 1L;

    private final transient SessionStore store;

    StoreSessionInformation(Object principal, StoredSession session, SessionStore store) {
      super(principal, session.getId(), Date.from(session.getLastAccessedTime()));
      this.store = store;
    }

    @Override
    public void expireNow() {
      super.expireNow();
      store.deleteById(getSessionId());
    }
  }
}
