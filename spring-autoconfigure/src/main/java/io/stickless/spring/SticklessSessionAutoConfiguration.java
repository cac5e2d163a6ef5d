package io.stickless.spring;

import io.stickless.servlet.SessionCookie;
import io.stickless.servlet.SessionFilter;
import io.stickless.servlet.SessionIdResolver;
import io.stickless.servlet.SticklessServletContainerInitializer;
import io.stickless.session.ConsistentReads;
import io.stickless.session.SessionStore;
import io.stickless.session.SessionStoreBuilder;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.util.ClassUtils;

/**
 * Every {@code HttpSession} of a servlet web application in the Stickless table: the session store,
 * the id resolver (cookie or header) and the {@link SessionFilter}, registered before Spring
 * Security's filter chain. Each bean backs off when the application defines its own. With Spring
 * Security, the principal's name is recorded on the session at save, and a {@link SessionRegistry}
 * on the store is defined when {@code stickless.session.principal-index} is set.
 */
@AutoConfiguration(after = SticklessAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SessionFilter.class, Filter.class})
@ConditionalOnProperty(
    prefix = "stickless.session",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public final class SticklessSessionAutoConfiguration {

  static final String SECURITY_CLASSES = "org.springframework.security.**";

  @Bean
  @ConditionalOnMissingBean
  SessionStore sticklessSessionStore(
      SticklessTable table,
      SticklessProperties properties,
      Environment environment,
      ObjectProvider<SessionStoreCustomizer> customizers) {
    SticklessProperties.Session session = properties.getSession();
    SessionStoreBuilder builder =
        SessionStore.builder(table.client(), table.spec())
            .strictTouch(session.isStrictTouch())
            .writeMode(session.getWriteMode())
            .unreadableAttributePolicy(session.getUnreadableAttributePolicy());
    Duration timeout = SessionDefaults.timeout(session, Binder.get(environment));
    if (timeout != null) {
      builder.defaultMaxInactiveInterval(timeout);
    }
    if (session.getTouchInterval() != null) {
      builder.touchInterval(session.getTouchInterval());
    }
    if (session.getConsistentReads() != ConsistentReads.ALWAYS) {
      // only when asked: a SessionStoreCustomizer may still set the builder's default itself
      builder.consistentReads(session.getConsistentReads());
    }
    List<String> allowed = new ArrayList<>(session.getAllowedClasses());
    if (ClassUtils.isPresent(
        "org.springframework.security.core.context.SecurityContext",
        SticklessSessionAutoConfiguration.class.getClassLoader())) {
      allowed.add(SECURITY_CLASSES);
    }
    builder.allowedClasses(allowed.toArray(new String[0]));
    if (session.getPrincipalIndex() != null) {
      builder.principalIndexName(session.getPrincipalIndex());
    }
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  SessionIdResolver sticklessSessionIdResolver(
      SticklessProperties properties, Environment environment) {
    String header = properties.getSession().getHeaderName();
    if (header != null && !header.isBlank()) {
      return SessionIdResolver.header(header);
    }
    return SessionIdResolver.cookie(
        SessionDefaults.cookie(properties.getSession().getCookie(), Binder.get(environment)));
  }

  @Bean
  @ConditionalOnMissingBean(name = SticklessServletContainerInitializer.FILTER_NAME)
  FilterRegistrationBean<SessionFilter> sticklessSessionFilter(
      SessionStore store,
      SessionIdResolver resolver,
      SticklessProperties properties,
      ObjectProvider<PrincipalRecorder> principalRecorder) {
    SticklessProperties.Session session = properties.getSession();
    PrincipalRecorder recorder = principalRecorder.getIfAvailable();
    SessionStore filtered = recorder == null ? store : new PrincipalRecordingStore(store, recorder);
    SessionFilter.Builder filter = SessionFilter.builder(filtered).sessionIdResolver(resolver);
    if (session.getOutageFailFast() != null) {
      filter.outageFailFast(session.getOutageFailFast());
    }
    if (session.getOutageMaxWaitingCalls() != null || session.getOutageStallAfter() != null) {
      try {
        filter.outageStallBound(
            session.getOutageMaxWaitingCalls() != null
                ? session.getOutageMaxWaitingCalls()
                : SessionFilter.DEFAULT_OUTAGE_MAX_WAITING_CALLS,
            session.getOutageStallAfter() != null
                ? session.getOutageStallAfter()
                : SessionFilter.DEFAULT_OUTAGE_STALL_AFTER);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "stickless.session.outage-max-waiting-calls / outage-stall-after: " + e.getMessage(),
            e);
      }
    }
    FilterRegistrationBean<SessionFilter> registration =
        new FilterRegistrationBean<>(filter.build());
    // the initializer's name: a WAR whose container also runs the initializer gets one filter
    registration.setName(SticklessServletContainerInitializer.FILTER_NAME);
    registration.setOrder(session.getFilterOrder());
    registration.setDispatcherTypes(dispatcherTypes(session.getFilterDispatcherTypes()));
    registration.setAsyncSupported(true);
    return registration;
  }

  private static EnumSet<DispatcherType> dispatcherTypes(List<String> names) {
    EnumSet<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
    for (String name : names) {
      try {
        types.add(DispatcherType.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "stickless.session.filter-dispatcher-types has '"
                + name
                + "': use REQUEST, FORWARD, INCLUDE, ASYNC or ERROR",
            e);
      }
    }
    if (types.isEmpty()) {
      throw new IllegalArgumentException(
          "stickless.session.filter-dispatcher-types is empty: name at least REQUEST");
    }
    return types;
  }

  /** Spring Security: the principal on the session, and a registry of sessions by principal. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SecurityContext.class)
  static class SecurityConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PrincipalRecorder sticklessPrincipalRecorder() {
      return new SecurityContextPrincipalRecorder();
    }

    @Bean
    @ConditionalOnMissingBean(SessionRegistry.class)
    @ConditionalOnProperty(prefix = "stickless.session", name = "principal-index")
    SticklessSessionRegistry sticklessSessionRegistry(SessionStore store) {
      return new SticklessSessionRegistry(store);
    }
  }

  static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Stickless's own settings first, then Boot's session settings. */
  static final class SessionDefaults {

    private SessionDefaults() {}

    static @Nullable Duration timeout(SticklessProperties.Session session, Binder binder) {
      if (session.getTimeout() != null) {
        return session.getTimeout();
      }
      return binder
          .bind("spring.session.timeout", Duration.class)
          .orElseGet(
              () -> binder.bind("server.servlet.session.timeout", Duration.class).orElse(null));
    }

    static SessionCookie cookie(SticklessProperties.Cookie cookie, Binder binder) {
      String boot = "server.servlet.session.cookie.";
      SessionCookie.Builder builder = SessionCookie.builder();
      String name = first(cookie.getName(), binder.bind(boot + "name", String.class).orElse(null));
      if (blankToNull(name) != null) {
        builder.name(name);
      }
      String domain =
          first(cookie.getDomain(), binder.bind(boot + "domain", String.class).orElse(null));
      if (blankToNull(domain) != null) {
        builder.domain(domain);
      }
      String path = first(cookie.getPath(), binder.bind(boot + "path", String.class).orElse(null));
      if (blankToNull(path) != null) {
        builder.path(path);
      }
      Boolean httpOnly =
          first(cookie.getHttpOnly(), binder.bind(boot + "http-only", Boolean.class).orElse(null));
      if (httpOnly != null) {
        builder.httpOnly(httpOnly);
      }
      Boolean secure =
          first(cookie.getSecure(), binder.bind(boot + "secure", Boolean.class).orElse(null));
      if (secure != null) {
        builder.secure(secure);
      }
      String sameSite =
          first(cookie.getSameSite(), binder.bind(boot + "same-site", String.class).orElse(null));
      if (blankToNull(sameSite) != null) {
        builder.sameSite(sameSite);
      }
      Duration maxAge =
          first(cookie.getMaxAge(), binder.bind(boot + "max-age", Duration.class).orElse(null));
      if (maxAge != null) {
        builder.maxAge(maxAge);
      }
      return builder.build();
    }

    private static <T> @Nullable T first(@Nullable T mine, @Nullable T boots) {
      return mine != null ? mine : boots;
    }
  }
}
