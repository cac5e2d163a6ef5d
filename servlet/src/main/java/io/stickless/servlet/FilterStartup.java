package io.stickless.servlet;

import io.stickless.session.SessionStore;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The filter's start-up: merges what the builder set with the {@code stickless.*} settings, builds
 * the store (and its DynamoDB client) when none was given, and collects the session listeners.
 */
final class FilterStartup {

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  /** What the filter was built with; null means "from the settings". */
  record Configured(
      @Nullable SessionStore store,
      @Nullable SessionIdResolver resolver,
      List<EventListener> listeners,
      @Nullable Duration failFast,
      @Nullable StallLimit stallLimit,
      Clock clock) {}

  /** The builder's {@code outageStallBound}. */
  record StallLimit(int maxWaitingCalls, Duration stallAfter) {}

  /** A started filter: its parts, and the client it built itself (to close on destroy), if any. */
  record Started(FilterParts parts, @Nullable DynamoDbClient ownedClient) {}

  private FilterStartup() {}

  /**
   * @throws ServletException when a setting is invalid or the table is missing in {@code VALIDATE}
   *     mode; the message says which and what to do
   */
  static Started start(Configured configured, FilterConfig config) throws ServletException {
    ServletContext context = config.getServletContext();
    Settings settings = Settings.of(config);
    DynamoDbClient ownedClient = null;
    try {
      SessionStore store = configured.store();
      if (store == null) {
        StoreFactory.Built built = StoreFactory.create(settings, context);
        ownedClient = built.client();
        store = built.store();
      }
      SessionIdResolver resolver =
          configured.resolver() != null ? configured.resolver() : settings.resolver();
      List<EventListener> listeners = new ArrayList<>(configured.listeners());
      listeners.addAll(instantiate(settings.list(Settings.Key.LISTENERS), context));
      listeners.addAll(SessionListeners.discover(context));
      SessionListeners sessionListeners = new SessionListeners(listeners);
      Duration failFast = failFast(configured.failFast(), settings);
      BackendHealth health = new BackendHealth(configured.clock(), failFast);
      StallBound bound = stallBound(configured, settings);
      SessionStore bounded =
          bound.maxWaiting() == 0 ? store : new StallBoundedStore(store, bound, health);
      FilterParts parts = new FilterParts(bounded, resolver, sessionListeners, context, health);
      log.info(
          "Stickless sessions on for {} ({}, {} session listener(s))",
          context.getContextPath().isEmpty() ? "/" : context.getContextPath(),
          resolver,
          sessionListeners.size());
      return new Started(parts, ownedClient);
    } catch (RuntimeException e) {
      if (ownedClient != null) {
        ownedClient.close();
      }
      throw new ServletException("Stickless session filter could not start: " + e.getMessage(), e);
    }
  }

  /** The builder's window, else the setting's, else the default. */
  private static Duration failFast(@Nullable Duration configured, Settings settings) {
    if (configured != null) {
      return configured;
    }
    Duration setting = settings.duration(Settings.Key.OUTAGE_FAIL_FAST);
    if (setting == null) {
      return BackendHealth.DEFAULT_FAIL_FAST;
    }
    return checkFailFast(setting, Settings.Key.OUTAGE_FAIL_FAST.contextParam());
  }

  /** The builder's bound, else the settings', else the defaults. */
  private static StallBound stallBound(Configured configured, Settings settings) {
    StallLimit limit = configured.stallLimit();
    if (limit != null) {
      return new StallBound(configured.clock(), limit.maxWaitingCalls(), limit.stallAfter());
    }
    Integer maxWaiting = settings.integer(Settings.Key.OUTAGE_MAX_WAITING_CALLS);
    Duration stallAfter = settings.duration(Settings.Key.OUTAGE_STALL_AFTER);
    return StallBound.of(
        configured.clock(),
        maxWaiting != null ? maxWaiting : StallBound.DEFAULT_MAX_WAITING,
        stallAfter != null ? stallAfter : StallBound.DEFAULT_STALL_AFTER,
        "Settings "
            + settings.describe(Settings.Key.OUTAGE_MAX_WAITING_CALLS)
            + " and "
            + settings.describe(Settings.Key.OUTAGE_STALL_AFTER));
  }

  /**
   * @throws IllegalArgumentException when negative
   */
  static Duration checkFailFast(Duration failFast, String what) {
    if (failFast.isNegative()) {
      throw new IllegalArgumentException(
          what + " must be zero (off) or positive, but was " + failFast);
    }
    return failFast;
  }

  private static List<EventListener> instantiate(List<String> classNames, ServletContext context) {
    List<EventListener> result = new ArrayList<>();
    for (String className : classNames) {
      try {
        Class<?> type = Class.forName(className, true, context.getClassLoader());
        if (!SessionListeners.isSessionListenerType(type)) {
          throw new IllegalArgumentException(
              "Listener class " + className + " is not an HttpSession*Listener");
        }
        @SuppressWarnings("unchecked")
        Class<? extends EventListener> listenerType = (Class<? extends EventListener>) type;
        EventListener listener;
        try {
          listener = context.createListener(listenerType);
        } catch (ServletException | RuntimeException e) {
          listener = listenerType.getDeclaredConstructor().newInstance();
        }
        result.add(listener);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException(
            "Could not create session listener " + className + ": " + e, e);
      }
    }
    return result;
  }
}
