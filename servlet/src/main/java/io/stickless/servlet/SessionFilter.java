package io.stickless.servlet;

import static java.util.Objects.requireNonNull;

import io.stickless.BackendUnavailableException;
import io.stickless.session.SessionStore;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * once instead of each waiting for the SDK's timeouts; then one request probes the store. A request
 * whose changes could not be saved after its response had already gone out is logged at ERROR:
 * those changes are lost.
 *
 * <p>Session listeners ({@code HttpSessionListener}, {@code HttpSessionAttributeListener}, {@code
 * HttpSessionIdListener}, {@code HttpSessionBindingListener} values) are called as the Servlet
 * specification says, except that {@code sessionDestroyed} fires only on {@code invalidate()}: a
 * session that expires by its TTL just disappears from the table, with no node to notice.
 */
public final class SessionFilter implements Filter {

  private static final Logger log = LoggerFactory.getLogger(SessionFilter.class);

  /** Request attribute holding the request's {@link RequestSessions} across dispatches. */
  static final String SESSIONS_ATTRIBUTE = SessionFilter.class.getName() + ".SESSIONS";

  static final String UNAVAILABLE_BODY =
      "503 Service Unavailable: the session store cannot be reached. Please retry shortly.\n";

  private final @Nullable SessionStore configuredStore;
  private final @Nullable SessionIdResolver configuredResolver;
  private final List<EventListener> configuredListeners;
  private final @Nullable Duration configuredFailFast;
  private final Clock clock;
  private volatile @Nullable Runtime runtime;
  private @Nullable DynamoDbClient ownedClient;

  /**
   * A filter configured entirely by the {@code stickless.*} settings when the container initialises
   * it (for {@code web.xml} and {@link SticklessServletContainerInitializer}): it builds its own
   * DynamoDB client and session store, and closes the client on {@link #destroy()}.
   */
  public SessionFilter() {
    this(null, null, List.of(), null, Clock.systemUTC());
  }

  private SessionFilter(
      @Nullable SessionStore store,
      @Nullable SessionIdResolver resolver,
      List<EventListener> listeners,
      @Nullable Duration failFast,
      Clock clock) {
    this.configuredStore = store;
    this.configuredResolver = resolver;
    this.configuredListeners = List.copyOf(listeners);
    this.configuredFailFast = failFast;
    this.clock = clock;
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
    ServletContext context = config.getServletContext();
    Settings settings = Settings.of(config);
    try {
      SessionStore store = configuredStore;
      if (store == null) {
        StoreFactory.Built built = StoreFactory.create(settings, context);
        ownedClient = built.client();
        store = built.store();
      }
      SessionIdResolver resolver =
          configuredResolver != null ? configuredResolver : settings.resolver();
      List<EventListener> listeners = new ArrayList<>(configuredListeners);
      listeners.addAll(instantiate(settings.list(Settings.Key.LISTENERS), context));
      listeners.addAll(SessionListeners.discover(context));
      SessionListeners sessionListeners = new SessionListeners(listeners);
      Duration failFast = configuredFailFast;
      if (failFast == null) {
        failFast = settings.duration(Settings.Key.OUTAGE_FAIL_FAST);
      }
      if (failFast == null) {
        failFast = BackendHealth.DEFAULT_FAIL_FAST;
      }
      checkFailFast(failFast, Settings.Key.OUTAGE_FAIL_FAST.contextParam());
      runtime =
          new Runtime(
              store, resolver, sessionListeners, context, new BackendHealth(clock, failFast));
      log.info(
          "Stickless sessions on for {} ({}, {} session listener(s))",
          context.getContextPath().isEmpty() ? "/" : context.getContextPath(),
          resolver,
          sessionListeners.size());
    } catch (RuntimeException e) {
      closeOwnedClient();
      throw new ServletException("Stickless session filter could not start: " + e.getMessage(), e);
    }
  }

  private static Duration checkFailFast(Duration failFast, String what) {
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

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Runtime rt = runtime;
    if (rt == null
        || !(request instanceof HttpServletRequest httpRequest)
        || !(response instanceof HttpServletResponse httpResponse)) {
      chain.doFilter(request, response);
      return;
    }
    RequestSessions sessions;
    if (request.getAttribute(SESSIONS_ATTRIBUTE) instanceof RequestSessions existing) {
      if (wraps(request, existing)) {
        // forward, include or async dispatch through our own wrappers: already in place
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
          asyncDispatch(rt, existing, httpRequest, httpResponse, chain);
        } else {
          chain.doFilter(request, response);
        }
        return;
      }
      // error or async dispatch handed the container's request: same session, fresh wrappers
      sessions = existing;
    } else {
      sessions = new RequestSessions(rt, httpRequest);
      request.setAttribute(SESSIONS_ATTRIBUTE, sessions);
    }
    filter(rt, sessions, httpRequest, httpResponse, chain);
  }

  private void filter(
      Runtime rt,
      RequestSessions sessions,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain)
      throws IOException, ServletException {
    CommittingResponse wrappedResponse =
        new CommittingResponse(response, () -> sessions.commit(request, response, false));
    StoreBackedRequest wrappedRequest = new StoreBackedRequest(request, wrappedResponse, sessions);
    runAndCommit(rt, sessions, wrappedRequest, response, chain, wrappedRequest, wrappedResponse);
  }

  /**
   * An async dispatch through our own wrappers (the application called {@code startAsync()} and
   * {@code dispatch()}): the dispatched resource may create or change the session, so commit when
   * it returns, unless it started async processing again.
   */
  private void asyncDispatch(
      Runtime rt,
      RequestSessions sessions,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain)
      throws IOException, ServletException {
    runAndCommit(rt, sessions, request, response, chain, request, response);
  }

  private void runAndCommit(
      Runtime rt,
      RequestSessions sessions,
      HttpServletRequest request,
      HttpServletResponse response,
      FilterChain chain,
      ServletRequest chainRequest,
      ServletResponse chainResponse)
      throws IOException, ServletException {
    try {
      chain.doFilter(chainRequest, chainResponse);
    } catch (IOException | ServletException | RuntimeException e) {
      BackendUnavailableException outage = outage(e);
      if (outage == null) {
        commitQuietly(rt, sessions, request, response);
        throw e;
      }
      failed(rt, outage);
      unavailable(response);
      return;
    }
    if (request.isAsyncStarted()) {
      request
          .getAsyncContext()
          .addListener(new CommitWhenAsyncEnds(rt, sessions, request), request, response);
      return;
    }
    try {
      sessions.commit(request, response, true);
      if (sessions.usedStore()) {
        rt.health().succeeded();
      }
    } catch (BackendUnavailableException e) {
      failed(rt, e);
      if (response.isCommitted()) {
        lost(rt, e);
      } else {
        unavailable(response);
      }
    }
  }

  /** Records a failed store call; a request refused by the fail-fast window made none. */
  static void failed(Runtime rt, BackendUnavailableException e) {
    if (!(e instanceof BackendHealth.FailFastException)) {
      rt.health().failed(e);
    }
  }

  /**
   * The session write failed where no 503 can tell the client (the response went out, or the
   * application's own exception is the one reported): this request's changes are lost.
   */
  static void lost(Runtime rt, RuntimeException e) {
    rt.health().lostCommit();
    log.error(
        "Session changes of a request lost: saving them failed ({}) and the response could no"
            + " longer report it",
        e.getClass().getName());
  }

  /** Commit after the application failed: the application's exception is the one to report. */
  private static void commitQuietly(
      Runtime rt,
      RequestSessions sessions,
      HttpServletRequest request,
      HttpServletResponse response) {
    try {
      sessions.commit(request, response, true);
    } catch (BackendUnavailableException e) {
      failed(rt, e);
      lost(rt, e);
    } catch (RuntimeException e) {
      lost(rt, e);
    }
  }

  private static boolean wraps(ServletRequest request, RequestSessions sessions) {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper wrapper) {
      if (wrapper instanceof StoreBackedRequest ours && ours.sessions() == sessions) {
        return true;
      }
      r = wrapper.getRequest();
    }
    return false;
  }

  private static @Nullable BackendUnavailableException outage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BackendUnavailableException b) {
        return b;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  static void unavailable(HttpServletResponse response) throws IOException {
    if (response.isCommitted()) {
      log.debug("Session store unreachable after the response was committed");
      return;
    }
    response.reset();
    response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    response.setHeader("Retry-After", "1");
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/plain;charset=UTF-8");
    byte[] body = UNAVAILABLE_BODY.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** Closes the DynamoDB client the filter built itself, if any. */
  @Override
  public void destroy() {
    runtime = null;
    closeOwnedClient();
  }

  private void closeOwnedClient() {
    DynamoDbClient client = ownedClient;
    ownedClient = null;
    if (client != null) {
      client.close();
    }
  }

  /** The filter's working parts, fixed at {@link #init}. */
  record Runtime(
      SessionStore store,
      SessionIdResolver resolver,
      SessionListeners listeners,
      ServletContext servletContext,
      BackendHealth health) {}

  /**
   * Commits an async request's session when its cycle ends without {@code complete()} (a timeout or
   * error, or the container completing after a dispatch); a no-op write when nothing changed.
   */
  private static final class CommitWhenAsyncEnds implements AsyncListener {
    private final Runtime rt;
    private final RequestSessions sessions;
    private final HttpServletRequest request;

    CommitWhenAsyncEnds(Runtime rt, RequestSessions sessions, HttpServletRequest request) {
      this.rt = rt;
      this.sessions = sessions;
      this.request = request;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      // complete() has already committed: saving again would re-encode every attribute read
      if (sessions.committedByComplete()) {
        return;
      }
      if (event.getSuppliedResponse() instanceof HttpServletResponse response) {
        commitQuietly(rt, sessions, request, response);
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}
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
      this.failFast = checkFailFast(failFast, "outageFailFast");
      return this;
    }

    /** The clock the fail-fast window is measured with (tests move it). */
    Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** The filter. The container calls its {@code init}, where it collects listeners. */
    public SessionFilter build() {
      return new SessionFilter(store, resolver, listeners, failFast, clock);
    }
  }
}
