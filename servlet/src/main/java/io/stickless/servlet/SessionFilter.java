package io.stickless.servlet;

import static java.util.Objects.requireNonNull;

import io.stickless.BackendUnavailableException;
import io.stickless.session.SessionStore;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A Servlet filter that gives every request an {@link jakarta.servlet.http.HttpSession} kept in a
 * {@link SessionStore} (DynamoDB in production), so all nodes of an application share their
 * sessions and a plain round-robin load balancer needs no stickiness. The container's own session
 * ({@code JSESSIONID}) is never created.
 *
 * <p>In code, with a store you build:
 *
 * <pre>{@code
 * SessionStore store = SessionStore.builder(dynamoDb, "app-sessions").build();
 * FilterRegistration.Dynamic reg = servletContext.addFilter("sessions",
 *     SessionFilter.builder(store)
 *         .cookie(SessionCookie.builder().secure(true).build())
 *         .build());
 * reg.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
 * }</pre>
 *
 * <p>Without code: declare {@code io.stickless.servlet.SessionFilter} in {@code web.xml} (it is
 * then configured by the {@code stickless.*} settings and builds its own DynamoDB client), or just
 * name the table (context parameter {@code stickless.table}, system property {@code
 * stickless.table} or environment variable {@code STICKLESS_TABLE}) and let {@link
 * SticklessServletContainerInitializer} register it. {@code docs/servlet.md} lists every setting.
 *
 * <p>What a request costs: one that never calls {@code getSession} makes no store call, even with a
 * cookie; one that reads its session makes one strongly consistent read and, unless a touch is due,
 * no write; one that changes attributes adds one write. The write happens once per request, just
 * before the response commits (redirect, error, flush, declared length reached, buffer full) or
 * when the request ends, so the next request, on any node, sees it. Async requests commit when
 * {@code AsyncContext.complete()} is called.
 *
 * <p>When the store cannot be reached ({@link BackendUnavailableException}), the request is
 * answered {@code 503 Service Unavailable} with a short body (unless the response was already
 * committed); the outage is logged once at WARN and its end at INFO. For a short window after a
 * failure ({@link Builder#outageFailFast(Duration)}), requests that need the store get their 503 at
 * once instead of each waiting for the SDK's timeouts; then one request probes the store. A store
 * that stops answering is noticed before its first call times out: once its calls have waited
 * unanswered for a moment, at most a few requests may wait on it ({@link
 * Builder#outageStallBound(int, Duration)}), the rest are answered 503 at once. A request whose
 * changes could not be saved after its response had already gone out is logged at ERROR: those
 * changes are lost. {@link #unavailableResponses()}, {@link #failedFastRequests()} and {@link
 * #lostCommits()} count these outcomes, for metrics.
 *
 * <p>Session listeners ({@code HttpSessionListener}, {@code HttpSessionAttributeListener}, {@code
 * HttpSessionIdListener}, {@code HttpSessionBindingListener} values) are called as the Servlet
 * specification says, except that {@code sessionDestroyed} fires only on {@code invalidate()}: a
 * session that expires by its TTL just disappears from the table, with no node to notice.
 */
public final class SessionFilter implements Filter {

  /** Default of {@link Builder#outageStallBound}'s {@code maxWaitingCalls}: {@value}. */
  public static final int DEFAULT_OUTAGE_MAX_WAITING_CALLS = 16;

  /** Default of {@link Builder#outageStallBound}'s {@code stallAfter}: 250 milliseconds. */
  public static final Duration DEFAULT_OUTAGE_STALL_AFTER = Duration.ofMillis(250);

  private final FilterStartup.Configured configured;
  private volatile @Nullable SessionDispatch dispatch;
  private volatile @Nullable BackendHealth health;
  private @Nullable DynamoDbClient ownedClient;

  /**
   * A filter configured entirely by the {@code stickless.*} settings when the container initialises
   * it (for {@code web.xml} and {@link SticklessServletContainerInitializer}): it builds its own
   * DynamoDB client and session store, and closes the client on {@link #destroy()}.
   */
  public SessionFilter() {
    this(null, null, List.of(), null, null, Clock.systemUTC());
  }

  private SessionFilter(
      @Nullable SessionStore store,
      @Nullable SessionIdResolver resolver,
      List<EventListener> listeners,
      @Nullable Duration failFast,
      FilterStartup.@Nullable StallLimit stallLimit,
      Clock clock) {
    this.configured =
        new FilterStartup.Configured(
            store, resolver, List.copyOf(listeners), failFast, stallLimit, clock);
  }

  /**
   * A builder for a filter over the given store; options not set on the builder come from the
   * {@code stickless.*} settings (e.g. cookie options), then the defaults.
   */
  public static Builder builder(SessionStore store) {
    return new Builder(requireNonNull(store, "store"));
  }

  /**
   * Prepares the filter: reads the settings, builds the store (when none was given), validates or
   * creates its table, and collects the application's session listeners.
   *
   * @throws ServletException when a setting is invalid or the table is missing in {@code VALIDATE}
   *     mode; the message says which and what to do
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    FilterStartup.Started started = FilterStartup.start(configured, config);
    ownedClient = started.ownedClient();
    health = started.parts().health();
    dispatch = new SessionDispatch(started.parts());
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    SessionDispatch d = dispatch;
    if (d != null
        && request instanceof HttpServletRequest httpRequest
        && response instanceof HttpServletResponse httpResponse) {
      d.dispatch(httpRequest, httpResponse, chain);
    } else {
      chain.doFilter(request, response);
    }
  }

  /**
   * How many requests this filter has answered {@code 503 Service Unavailable} because the store
   * could not be reached, since {@link #init}; zero before. Monotonic (it survives {@link
   * #destroy()}), so a metrics binder can expose it as a function counter; with Micrometer, {@link
   * SessionFilterMetrics} binds it as {@code stickless.filter.unavailable.responses}.
   */
  public long unavailableResponses() {
    BackendHealth h = health;
    return h == null ? 0 : h.unavailableResponses();
  }

  /**
   * How many of the {@link #unavailableResponses()} were answered without trying the store, because
   * the {@link Builder#outageFailFast(Duration) fail-fast window} of an outage was open. Monotonic,
   * zero before {@link #init}; for metrics, like {@link #unavailableResponses()}.
   */
  public long failedFastRequests() {
    BackendHealth h = health;
    return h == null ? 0 : h.failedFast();
  }

  /**
   * How many requests' session changes were lost: saving them failed after the response had gone
   * out (or while the application's own exception was being reported), each logged at ERROR.
   * Monotonic, zero before {@link #init}; for metrics, like {@link #unavailableResponses()}.
   */
  public long lostCommits() {
    BackendHealth h = health;
    return h == null ? 0 : h.lostCommits();
  }

  /** Closes the DynamoDB client the filter built itself, if any. */
  @Override
  public void destroy() {
    dispatch = null;
    closeOwnedClient();
  }

  private void closeOwnedClient() {
    DynamoDbClient client = ownedClient;
    ownedClient = null;
    if (client != null) {
      client.close();
    }
  }

  /**
   * Builds a {@link SessionFilter} over a given store. Options not set here come from the {@code
   * stickless.*} settings when the container initialises the filter, then from the defaults.
   *
   * <pre>{@code
   * SessionFilter filter = SessionFilter.builder(store)
   *     .sessionIdResolver(SessionIdResolver.header("X-Auth-Token"))
   *     .listener(new AuditListener())
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private final SessionStore store;
    private @Nullable SessionIdResolver resolver;
    private final List<EventListener> listeners = new ArrayList<>();
    private @Nullable Duration failFast;
    private FilterStartup.@Nullable StallLimit stallLimit;
    private Clock clock = Clock.systemUTC();

    private Builder(SessionStore store) {
      this.store = store;
    }

    /**
     * How the session id travels (default: the cookie the settings describe, else {@code SESSION}).
     *
     * @throws IllegalStateException when the resolver or cookie was already set
     */
    public Builder sessionIdResolver(SessionIdResolver resolver) {
      requireNonNull(resolver, "resolver");
      if (this.resolver != null) {
        throw new IllegalStateException(
            "sessionIdResolver/cookie was already set to " + this.resolver);
      }
      this.resolver = resolver;
      return this;
    }

    /**
     * Shorthand for {@code sessionIdResolver(SessionIdResolver.cookie(cookie))}.
     *
     * @throws IllegalStateException when the resolver or cookie was already set
     */
    public Builder cookie(SessionCookie cookie) {
      return sessionIdResolver(SessionIdResolver.cookie(requireNonNull(cookie, "cookie")));
    }

    /**
     * Adds a session listener ({@code HttpSessionListener}, {@code HttpSessionAttributeListener}
     * and/or {@code HttpSessionIdListener}), called besides those the application registered with
     * the container.
     *
     * @throws IllegalArgumentException when the listener is none of those
     */
    public Builder listener(EventListener listener) {
      requireNonNull(listener, "listener");
      if (!SessionListeners.isSessionListener(listener)) {
        throw new IllegalArgumentException(
            listener.getClass().getName()
                + " is not an HttpSessionListener, HttpSessionAttributeListener or"
                + " HttpSessionIdListener");
      }
      listeners.add(listener);
      return this;
    }

    /**
     * How long, after a store call failed, requests that need the store are answered {@code 503} at
     * once without trying it (default: the {@code outage-fail-fast} setting, else 1 second; zero
     * turns it off). When it has passed, one request probes the store; if that fails, the window
     * starts again. Requests that never touch their session are served throughout.
     *
     * @throws IllegalArgumentException when negative
     * @throws IllegalStateException when already set
     */
    public Builder outageFailFast(Duration failFast) {
      requireNonNull(failFast, "failFast");
      if (this.failFast != null) {
        throw new IllegalStateException("outageFailFast was already set to " + this.failFast);
      }
      this.failFast = FilterStartup.checkFailFast(failFast, "outageFailFast");
      return this;
    }

    /**
     * Bounds how many requests may wait on a store that has stopped answering (default: the {@code
     * outage-max-waiting-calls} and {@code outage-stall-after} settings, else 16 calls and 250 ms).
     * The store counts as stalled when its oldest call in flight has waited {@code stallAfter} and
     * no call has been answered for {@code stallAfter}; then, while {@code maxWaitingCalls} calls
     * are in flight, a request that needs the store is answered {@code 503} at once without trying
     * it, and the outage is logged (WARN, once); the first call that times out then opens the
     * {@link #outageFailFast(Duration)} window as usual. So a stall ties up about {@code
     * max(maxWaitingCalls, request rate × stallAfter)} request threads instead of every request
     * that arrives before the first call times out. A healthy or throttling store is never limited:
     * its calls keep being answered. The bound applies once the store has answered at least once (a
     * starting application's first calls may all be slow).
     *
     * @param maxWaitingCalls calls allowed to wait on a stalled store; 0 turns the bound off
     * @param stallAfter how long without any answer, the oldest call waiting, makes a stall
     * @throws IllegalArgumentException when {@code maxWaitingCalls} is negative or {@code
     *     stallAfter} is not positive
     * @throws IllegalStateException when already set
     */
    public Builder outageStallBound(int maxWaitingCalls, Duration stallAfter) {
      requireNonNull(stallAfter, "stallAfter");
      if (this.stallLimit != null) {
        throw new IllegalStateException("outageStallBound was already set to " + this.stallLimit);
      }
      StallBound.check(maxWaitingCalls, stallAfter, "outageStallBound");
      this.stallLimit = new FilterStartup.StallLimit(maxWaitingCalls, stallAfter);
      return this;
    }

    /** The clock the fail-fast window is measured with (tests move it). */
    Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The filter. The container calls its {@code init}, where it collects listeners. */
    public SessionFilter build() {
      return new SessionFilter(store, resolver, listeners, failFast, stallLimit, clock);
    }
  }
}
