package io.stickless.spring;

import io.stickless.DynamoDbRetry;
import io.stickless.session.ConsistentReads;
import io.stickless.session.SessionWriteMode;
import io.stickless.session.UnreadableAttributePolicy;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of Stickless in a Spring Boot application, under {@code stickless.*}. Only {@link
 * #getTable() stickless.table} is required (plus {@code stickless.table-mode=create} on a laptop);
 * {@code docs/spring-boot.md} maps every property to the servlet module's setting of the same
 * meaning.
 *
 * <pre>{@code
 * stickless.table=app-table
 * stickless.session.timeout=30m
 * stickless.cache.cache-names=profiles,prices
 * stickless.cache.time-to-live=10m
 * }</pre>
 */
@ConfigurationProperties("stickless")
public class SticklessProperties {

  /** Filter order of the session filter: Spring Session's, well before Spring Security (-100). */
  public static final int DEFAULT_FILTER_ORDER = Integer.MIN_VALUE + 50;

  /** Name of the DynamoDB table that holds sessions and cache entries. */
  private @Nullable String table;

  /**
   * AWS region of the table, used only when Stickless builds the DynamoDB client. Default: the AWS
   * SDK's region chain (AWS_REGION, profile, instance metadata).
   */
  private @Nullable String region;

  /**
   * Endpoint override, e.g. http://localhost:8000 for a local emulator; used only when Stickless
   * builds the DynamoDB client.
   */
  private @Nullable URI endpoint;

  /**
   * What to do with the table at start-up: VALIDATE (check it exists with the right key, fail fast
   * otherwise), CREATE (create it if missing; for development and tests) or NONE.
   */
  private TableMode tableMode = TableMode.VALIDATE;

  /** Name of the table's hash key attribute (type S). */
  private String keyAttribute = TableSpec.DEFAULT_KEY_ATTRIBUTE;

  /** Name of the table's TTL attribute (type N, epoch seconds). */
  private String ttlAttribute = TableSpec.DEFAULT_TTL_ATTRIBUTE;

  /**
   * Bound on one DynamoDB call, every attempt and backoff included (the SDK's apiCallTimeout), so a
   * request never hangs on a dead or stalled backend; used only when Stickless builds the DynamoDB
   * client.
   */
  private Duration apiCallTimeout = Duration.ofSeconds(2);

  /**
   * Bound on each part of one attempt of a DynamoDB call: connecting, leasing a pooled connection,
   * each socket read (the HTTP client's timeouts, not the SDK's apiCallAttemptTimeout timer, which
   * costs CPU on every call); used only when Stickless builds the client.
   */
  private Duration apiCallAttemptTimeout = Duration.ofSeconds(1);

  /**
   * Attempts per DynamoDB call, the first included (1 to 20; 1 turns retries off), for the
   * request-path retry strategy (DynamoDbRetry); used only when Stickless builds the client.
   */
  private int maxAttempts = DynamoDbRetry.DEFAULT_MAX_ATTEMPTS;

  private final Session session = new Session();

  private final Cache cache = new Cache();

  private final Health health = new Health();

  public @Nullable String getTable() {
    return table;
  }

  public void setTable(@Nullable String table) {
    this.table = table;
  }

  public @Nullable String getRegion() {
    return region;
  }

  public void setRegion(@Nullable String region) {
    this.region = region;
  }

  public @Nullable URI getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(@Nullable URI endpoint) {
    this.endpoint = endpoint;
  }

  public TableMode getTableMode() {
    return tableMode;
  }

  public void setTableMode(TableMode tableMode) {
    this.tableMode = tableMode;
  }

  public String getKeyAttribute() {
    return keyAttribute;
  }

  public void setKeyAttribute(String keyAttribute) {
    this.keyAttribute = keyAttribute;
  }

  public String getTtlAttribute() {
    return ttlAttribute;
  }

  public void setTtlAttribute(String ttlAttribute) {
    this.ttlAttribute = ttlAttribute;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Duration getApiCallTimeout() {
    return apiCallTimeout;
  }

  public void setApiCallTimeout(Duration apiCallTimeout) {
    this.apiCallTimeout = apiCallTimeout;
  }

  public Duration getApiCallAttemptTimeout() {
    return apiCallAttemptTimeout;
  }

  public void setApiCallAttemptTimeout(Duration apiCallAttemptTimeout) {
    this.apiCallAttemptTimeout = apiCallAttemptTimeout;
  }

  public Session getSession() {
    return session;
  }

  public Cache getCache() {
    return cache;
  }

  public Health getHealth() {
    return health;
  }

  /** HTTP sessions: {@code stickless.session.*}. */
  public static class Session {

    /** Whether every HttpSession is kept in the table (a servlet web application is needed). */
    private boolean enabled = true;

    /**
     * Max inactive interval of new sessions. Default: spring.session.timeout, else
     * server.servlet.session.timeout, else 30 minutes.
     */
    private @Nullable Duration timeout;

    /**
     * A read-only request records its access (one write) when at least this long has passed since
     * the recorded one. Default: a quarter of the timeout.
     */
    private @Nullable Duration touchInterval;

    /**
     * Whether every request records its access (one write per request, as Spring Session does)
     * instead of once per touch interval.
     */
    private boolean strictTouch;

    /**
     * How concurrent changes of one attribute resolve: LAST_WRITER_WINS, or OPTIMISTIC (a conflict
     * fails the later save).
     */
    private SessionWriteMode writeMode = SessionWriteMode.LAST_WRITER_WINS;

    /**
     * How sessions are read: ALWAYS strongly consistent (1 read unit per 4 KB), or HINTED,
     * eventually consistent at half the price with a version hint in the session cookie (or the
     * header-name-Hint header) keeping each client's own writes visible. HINTED may show a change
     * made by another client (an administrator's log-out-everywhere) up to DynamoDB's
     * eventual-consistency delay late.
     */
    private ConsistentReads consistentReads = ConsistentReads.ALWAYS;

    /**
     * Classes that session attributes may hold besides JDK value types: a class (com.example.Cart),
     * a package (com.example.*) or a package tree (com.example.**). Spring Security's classes are
     * added when it is on the class path.
     */
    private List<String> allowedClasses = new ArrayList<>();

    /**
     * What to do with an attribute value that cannot be decoded (class gone after a redeploy, not
     * allowed): DROP_ATTRIBUTE, DROP_SESSION or FAIL.
     */
    private UnreadableAttributePolicy unreadableAttributePolicy =
        UnreadableAttributePolicy.DROP_ATTRIBUTE;

    /**
     * Name of a global secondary index on the principal attribute, for finding a user's sessions
     * (Spring Security's maximumSessions and logout everywhere). Unset: no search by principal.
     */
    private @Nullable String principalIndex;

    /**
     * How long after a failed store call requests that need their session are answered 503 at once
     * instead of waiting for timeouts; zero turns it off. Default: 1 second.
     */
    private @Nullable Duration outageFailFast;

    /**
     * How many requests may wait on a session store that has stopped answering; beyond them,
     * requests that need their session are answered 503 at once. 0 turns the bound off. Default:
     * 16.
     */
    private @Nullable Integer outageMaxWaitingCalls;

    /**
     * How long the store must leave every call unanswered, its oldest call waiting, before
     * outage-max-waiting-calls applies. Default: 250 milliseconds.
     */
    private @Nullable Duration outageStallAfter;

    /**
     * Name of an HTTP header carrying the session id (e.g. X-Auth-Token for API clients) instead of
     * a cookie. Unset: a cookie.
     */
    private @Nullable String headerName;

    /**
     * Order of the session filter; it must run before Spring Security's filter chain (-100) so that
     * login and logout go through the store.
     */
    private int filterOrder = DEFAULT_FILTER_ORDER;

    /**
     * Dispatcher types the session filter applies to (names of jakarta.servlet.DispatcherType:
     * REQUEST, FORWARD, INCLUDE, ASYNC, ERROR).
     */
    private List<String> filterDispatcherTypes =
        new ArrayList<>(List.of("REQUEST", "FORWARD", "INCLUDE", "ASYNC", "ERROR"));

    private final Cookie cookie = new Cookie();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public @Nullable Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(@Nullable Duration timeout) {
      this.timeout = timeout;
    }

    public @Nullable Duration getTouchInterval() {
      return touchInterval;
    }

    public void setTouchInterval(@Nullable Duration touchInterval) {
      this.touchInterval = touchInterval;
    }

    public boolean isStrictTouch() {
      return strictTouch;
    }

    public void setStrictTouch(boolean strictTouch) {
      this.strictTouch = strictTouch;
    }

    public SessionWriteMode getWriteMode() {
      return writeMode;
    }

    public void setWriteMode(SessionWriteMode writeMode) {
      this.writeMode = writeMode;
    }

    public ConsistentReads getConsistentReads() {
      return consistentReads;
    }

    public void setConsistentReads(ConsistentReads consistentReads) {
      this.consistentReads = consistentReads;
    }

    public List<String> getAllowedClasses() {
      return allowedClasses;
    }

    public void setAllowedClasses(List<String> allowedClasses) {
      this.allowedClasses = allowedClasses;
    }

    public UnreadableAttributePolicy getUnreadableAttributePolicy() {
      return unreadableAttributePolicy;
    }

    public void setUnreadableAttributePolicy(UnreadableAttributePolicy policy) {
      this.unreadableAttributePolicy = policy;
    }

    public @Nullable String getPrincipalIndex() {
      return principalIndex;
    }

    public void setPrincipalIndex(@Nullable String principalIndex) {
      this.principalIndex = principalIndex;
    }

    public @Nullable Duration getOutageFailFast() {
      return outageFailFast;
    }

    public void setOutageFailFast(@Nullable Duration outageFailFast) {
      this.outageFailFast = outageFailFast;
    }

    public @Nullable Integer getOutageMaxWaitingCalls() {
      return outageMaxWaitingCalls;
    }

    public void setOutageMaxWaitingCalls(@Nullable Integer outageMaxWaitingCalls) {
      this.outageMaxWaitingCalls = outageMaxWaitingCalls;
    }

    public @Nullable Duration getOutageStallAfter() {
      return outageStallAfter;
    }

    public void setOutageStallAfter(@Nullable Duration outageStallAfter) {
      this.outageStallAfter = outageStallAfter;
    }

    public @Nullable String getHeaderName() {
      return headerName;
    }

    public void setHeaderName(@Nullable String headerName) {
      this.headerName = headerName;
    }

    public int getFilterOrder() {
      return filterOrder;
    }

    public void setFilterOrder(int filterOrder) {
      this.filterOrder = filterOrder;
    }

    public List<String> getFilterDispatcherTypes() {
      return filterDispatcherTypes;
    }

    public void setFilterDispatcherTypes(List<String> filterDispatcherTypes) {
      this.filterDispatcherTypes = filterDispatcherTypes;
    }

    public Cookie getCookie() {
      return cookie;
    }
  }

  /**
   * The session cookie: {@code stickless.session.cookie.*}. Each unset key falls back to {@code
   * server.servlet.session.cookie.*}, then to the servlet module's default.
   */
  public static class Cookie {

    /** Name of the cookie. Default: server.servlet.session.cookie.name, else SESSION. */
    private @Nullable String name;

    /** Domain of the cookie. Default: server.servlet.session.cookie.domain, else none. */
    private @Nullable String domain;

    /** Path of the cookie. Default: server.servlet.session.cookie.path, else the context path. */
    private @Nullable String path;

    /**
     * Whether the cookie is HttpOnly. Default: server.servlet.session.cookie.http-only, else true.
     */
    private @Nullable Boolean httpOnly;

    /**
     * Whether the cookie is Secure. Default: server.servlet.session.cookie.secure, else Secure on
     * HTTPS requests only.
     */
    private @Nullable Boolean secure;

    /** SameSite of the cookie. Default: server.servlet.session.cookie.same-site, else Lax. */
    private @Nullable String sameSite;

    /**
     * Max-Age of the cookie. Default: server.servlet.session.cookie.max-age, else a browser-session
     * cookie.
     */
    private @Nullable Duration maxAge;

    public @Nullable String getName() {
      return name;
    }

    public void setName(@Nullable String name) {
      this.name = name;
    }

    public @Nullable String getDomain() {
      return domain;
    }

    public void setDomain(@Nullable String domain) {
      this.domain = domain;
    }

    public @Nullable String getPath() {
      return path;
    }

    public void setPath(@Nullable String path) {
      this.path = path;
    }

    public @Nullable Boolean getHttpOnly() {
      return httpOnly;
    }

    public void setHttpOnly(@Nullable Boolean httpOnly) {
      this.httpOnly = httpOnly;
    }

    public @Nullable Boolean getSecure() {
      return secure;
    }

    public void setSecure(@Nullable Boolean secure) {
      this.secure = secure;
    }

    public @Nullable String getSameSite() {
      return sameSite;
    }

    public void setSameSite(@Nullable String sameSite) {
      this.sameSite = sameSite;
    }

    public @Nullable Duration getMaxAge() {
      return maxAge;
    }

    public void setMaxAge(@Nullable Duration maxAge) {
      this.maxAge = maxAge;
    }
  }

  /** Spring's caches on the table: {@code stickless.cache.*}. */
  public static class Cache {

    /**
     * Whether a Stickless CacheManager is defined when caching is enabled (@EnableCaching) and the
     * application defines no CacheManager.
     */
    private boolean enabled = true;

    /**
     * Names of the caches, created at start-up (so their meters exist from the start). When set,
     * other names are refused; when empty, caches are created on first use.
     */
    private List<String> cacheNames = new ArrayList<>();

    /** Time to live of entries. */
    private Duration timeToLive = Duration.ofHours(1);

    /** Time to live of entries of particular caches, by cache name; others use time-to-live. */
    private Map<String, Duration> timeToLivePerCache = new LinkedHashMap<>();

    /** Whether null values are cached (as a marker), like Spring's other cache managers. */
    private boolean cacheNullValues = true;

    /**
     * Classes that cached values may hold besides JDK value types (Java serialization allow-list):
     * a class, a package (com.example.*) or a package tree (com.example.**).
     */
    private List<String> allowedClasses = new ArrayList<>();

    /** Entries each cache keeps in this JVM in front of the table; 0 turns the near cache off. */
    private int nearCacheMaxEntries;

    /**
     * How long a near-cached entry may be served without asking the table: another node's change is
     * seen here within this time.
     */
    private Duration nearCacheMaxStaleness = Duration.ofSeconds(5);

    /** Whether cache reads are strongly consistent (twice the read cost). */
    private boolean consistentReads;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getCacheNames() {
      return cacheNames;
    }

    public void setCacheNames(List<String> cacheNames) {
      this.cacheNames = cacheNames;
    }

    public Duration getTimeToLive() {
      return timeToLive;
    }

    public void setTimeToLive(Duration timeToLive) {
      this.timeToLive = timeToLive;
    }

    public Map<String, Duration> getTimeToLivePerCache() {
      return timeToLivePerCache;
    }

    public void setTimeToLivePerCache(Map<String, Duration> timeToLivePerCache) {
      this.timeToLivePerCache = timeToLivePerCache;
    }

    public boolean isCacheNullValues() {
      return cacheNullValues;
    }

    public void setCacheNullValues(boolean cacheNullValues) {
      this.cacheNullValues = cacheNullValues;
    }

    public List<String> getAllowedClasses() {
      return allowedClasses;
    }

    public void setAllowedClasses(List<String> allowedClasses) {
      this.allowedClasses = allowedClasses;
    }

    public int getNearCacheMaxEntries() {
      return nearCacheMaxEntries;
    }

    public void setNearCacheMaxEntries(int nearCacheMaxEntries) {
      this.nearCacheMaxEntries = nearCacheMaxEntries;
    }

    public Duration getNearCacheMaxStaleness() {
      return nearCacheMaxStaleness;
    }

    public void setNearCacheMaxStaleness(Duration nearCacheMaxStaleness) {
      this.nearCacheMaxStaleness = nearCacheMaxStaleness;
    }

    public boolean isConsistentReads() {
      return consistentReads;
    }

    public void setConsistentReads(boolean consistentReads) {
      this.consistentReads = consistentReads;
    }
  }

  /** The health indicator: {@code stickless.health.*}. */
  public static class Health {

    /**
     * How long the health indicator's answer is reused, so a probe is not a DynamoDB call; one
     * DescribeTable per interval at most.
     */
    private Duration cacheDuration = Duration.ofSeconds(10);

    public Duration getCacheDuration() {
      return cacheDuration;
    }

    public void setCacheDuration(Duration cacheDuration) {
      this.cacheDuration = cacheDuration;
    }
  }
}
