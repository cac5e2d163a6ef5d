package io.stickless.spring;

import io.stickless.session.StoredSession;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;

/** The name of the authenticated user in Spring Security's context attribute of the session. */
final class SecurityContextPrincipalRecorder implements PrincipalRecorder {

  /** Where Spring Security's HttpSessionSecurityContextRepository keeps the context. */
  static final String CONTEXT_ATTRIBUTE = "SPRING_SECURITY_CONTEXT";

  @Override
  public @Nullable String principalOf(StoredSession session) {
    if (!session.getAttributeNames().contains(CONTEXT_ATTRIBUTE)) {
      return null;
    }
    Object value = session.getAttribute(CONTEXT_ATTRIBUTE);
    if (!(value instanceof SecurityContext context)) {
      return null;
    }
    Authentication authentication = context.getAuthentication();
    if (authentication == null
        || !authentication.isAuthenticated()
        || authentication instanceof AnonymousAuthenticationToken) {
      return null;
    }
    String name = authentication.getName();
    return name == null || name.isEmpty() ? null : name;
  }
}
