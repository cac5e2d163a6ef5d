package io.stickless.session;

import static java.util.Objects.requireNonNull;

import io.stickless.internal.DynamoDbCalls;
import io.stickless.internal.ItemSizeListeners;
import io.stickless.internal.UsageRecorder;
import io.stickless.internal.ValueEnvelope;
import io.stickless.table.TableSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Configures and builds a {@link SessionStore}: on a DynamoDB table ({@link
 * SessionStore#builder(DynamoDbClient, TableSpec)}) or in memory ({@link SessionStore#inMemory()}),
 * with the same options and the same semantics. Every option may be set at most once and is checked
 * when set; {@link #build()} copies the configuration, so one builder can build several stores (one
 * per node in a test, for instance). Not thread-safe; the stores are.
 *
 * <pre>{@code
 * SessionStore store = SessionStore.builder(dynamoDb, TableSpec.of("app-table"))
 *     .defaultMaxInactiveInterval(Duration.ofMinutes(30))
 *     .allowedClasses("com.example.cart.**")
 *     .principalIndexName("principal-index")   // optional, for findByPrincipal
 *     .build();
 * }</pre>
 *
 * <p>The table name and the names of its key and TTL attributes come from the {@link TableSpec}
 * (which checks them); the other session attributes are fixed (see {@code docs/sessions.md}).
 *
 * <table>
 *   <caption>Options and their defaults</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>{@link #defaultMaxInactiveInterval(Duration)}</td><td>30 minutes</td></tr>
 *   <tr><td>{@link #touchInterval(Duration)}</td><td>a quarter of each session's max inactive
 *       interval</td></tr>
 *   <tr><td>{@link #strictTouch(boolean)}</td><td>{@code false}</td></tr>
 *   <tr><td>{@link #writeMode(SessionWriteMode)}</td>
 *       <td>{@link SessionWriteMode#LAST_WRITER_WINS}</td></tr>
 *   <tr><td>{@link #codec(AttributeCodec)}</td><td>Java serialization allowing JDK value types
 *       plus {@link #allowedClasses(String...)}</td></tr>
 *   <tr><td>{@link #allowedClasses(String...)}</td><td>none besides JDK value types</td></tr>
 *   <tr><td>{@link #unreadableAttributePolicy(UnreadableAttributePolicy)}</td>
 *       <td>{@link UnreadableAttributePolicy#DROP_ATTRIBUTE}</td></tr>
 *   <tr><td>{@link #compressionThreshold(int)}</td><td>1024 bytes</td></tr>
 *   <tr><td>{@link #clock(Clock)}</td><td>{@link Clock#systemUTC()}</td></tr>
 *   <tr><td>{@link #keyPrefix(String)}</td><td>{@code session:}</td></tr>
 *   <tr><td>{@link #consistentReads(ConsistentReads)}</td><td>{@link ConsistentReads#ALWAYS}
 *       (DynamoDB only)</td></tr>
 *   <tr><td>{@link #principalIndexName(String)}</td><td>none (DynamoDB only)</td></tr>
 *   <tr><td>{@link #addItemSizeListener(LongConsumer)}</td><td>none</td></tr>
 * </table>
 */
public final class SessionStoreBuilder {

  /** The default max inactive interval of new sessions: 30 minutes. */
  public static final Duration DEFAULT_MAX_INACTIVE_INTERVAL = Duration.ofMinutes(30);

  /** The default prefix of session keys, {@value}, telling them from cache entries. */
  public static final String DEFAULT_KEY_PREFIX = "session:";

  private final @Nullable DynamoDbClient client;
  private final @Nullable TableSpec table;
  private final Set<String> set = new HashSet<>();

  private Clock clock = Clock.systemUTC();
  private Duration defaultMaxInactiveInterval = DEFAULT_MAX_INACTIVE_INTERVAL;
  private @Nullable Duration touchInterval;
  private boolean strictTouch;
  private SessionWriteMode writeMode = SessionWriteMode.LAST_WRITER_WINS;
  private @Nullable AttributeCodec codec;
  private final List<String> allowedClasses = new ArrayList<>();
  private UnreadableAttributePolicy unreadableAttributePolicy =
      UnreadableAttributePolicy.DROP_ATTRIBUTE;
  private int compressionThreshold = ValueEnvelope.DEFAULT_COMPRESSION_THRESHOLD;
  private String keyPrefix = DEFAULT_KEY_PREFIX;
  private boolean consistentReads = true;
  private ConsistentReads readMode = ConsistentReads.ALWAYS;
  private @Nullable String principalIndexName;
  private final List<LongConsumer> itemSizeListeners = new ArrayList<>();
  private @Nullable ConcurrentMap<String, Map<String, AttributeValue>> sharedItems;

  private SessionStoreBuilder(@Nullable DynamoDbClient client, @Nullable TableSpec table) {
    this.client = client;
    this.table = table;
  }

  static SessionStoreBuilder forDynamoDb(DynamoDbClient client, TableSpec table) {
    return new SessionStoreBuilder(
        requireNonNull(client, "client"), requireNonNull(table, "table"));
  }

  static SessionStoreBuilder forInMemory() {
    return new SessionStoreBuilder(null, null);
  }

  /**
   * The clock for creation, access and expiry (default {@link Clock#systemUTC()}); tests pass a
   * clock they move.
   *
   * @throws NullPointerException when {@code clock} is null
   * @throws IllegalStateException when the clock was already set
   */
  public SessionStoreBuilder clock(Clock clock) {
    requireNonNull(clock, "clock");
    once("clock");
    this.clock = clock;
    return this;
  }

  /**
   * The max inactive interval of new sessions (default 30 minutes). A session may change its own
   * with {@link StoredSession#setMaxInactiveInterval(Duration)}.
   *
   * @throws NullPointerException when {@code interval} is null
   * @throws IllegalArgumentException when shorter than one second
   * @throws IllegalStateException when the option was already set
   */
  public SessionStoreBuilder defaultMaxInactiveInterval(Duration interval) {
    requireNonNull(interval, "interval");
    once("defaultMaxInactiveInterval");
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "defaultMaxInactiveInterval must be at least 1 second, was "
              + interval
              + " (sessions that never expire are set per session with"
              + " StoredSession.setMaxInactiveInterval(Duration.ZERO))");
    }
    this.defaultMaxInactiveInterval = interval;
    return this;
  }

  /**
   * A read-only request records its access (one small UpdateItem) when at least this long has
   * passed since the recorded one. The stored TTL is {@code accessed + maxInactive +
   * touchInterval}, so a session never expires early and at most this late. Default: a quarter of
   * the session's max inactive interval.
   *
   * @throws NullPointerException when {@code interval} is null
   * @throws IllegalArgumentException when negative
   * @throws IllegalStateException when the option was already set, or (at {@link #build()}) when it
   *     is longer than the default max inactive interval
   */
  public SessionStoreBuilder touchInterval(Duration interval) {
    requireNonNull(interval, "interval");
    once("touchInterval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException(
          "touchInterval must not be negative, was "
              + interval
              + "; use Duration.ZERO or strictTouch(true) to touch on every request");
    }
    this.touchInterval = interval;
    return this;
  }

  /**
   * Whether every request records its access: one write per request, like Spring Session's and
   * express's stores (default {@code false}).
   *
   * @throws IllegalStateException when the option was already set
   */
  public SessionStoreBuilder strictTouch(boolean strict) {
    once("strictTouch");
    this.strictTouch = strict;
    return this;
  }

  /**
   * How concurrent changes of one attribute resolve (default {@link
   * SessionWriteMode#LAST_WRITER_WINS}).
   *
   * @throws NullPointerException when {@code mode} is null
   * @throws IllegalStateException when the option was already set
   */
  public SessionStoreBuilder writeMode(SessionWriteMode mode) {
    requireNonNull(mode, "mode");
    once("writeMode");
    this.writeMode = mode;
    return this;
  }

  /**
   * How attribute values become bytes. Default: Java serialization allowing JDK value types plus
   * {@link #allowedClasses(String...)}.
   *
   * @throws NullPointerException when {@code codec} is null
   * @throws IllegalStateException when the option was already set, or (at {@link #build()}) when
   *     {@link #allowedClasses(String...)} was set too
   */
  public SessionStoreBuilder codec(AttributeCodec codec) {
    requireNonNull(codec, "codec");
    once("codec");
    this.codec = codec;
    return this;
  }

  /**
   * Classes the default Java-serialization codec may read besides JDK value types: {@code
   * com.example.Cart}, {@code com.example.*} (a package) or {@code com.example.**} (a tree).
   * Default: none.
   *
   * @throws NullPointerException when {@code entries} or an entry is null
   * @throws IllegalArgumentException when an entry is blank or a bare wildcard
   * @throws IllegalStateException when the option was already set
   */
  public SessionStoreBuilder allowedClasses(String... entries) {
    requireNonNull(entries, "entries");
    for (String e : entries) {
      requireNonNull(e, "allowed class entry");
    }
    once("allowedClasses");
    // validates the entries now, with the allow-list's message
    AttributeCodec.javaSerialization(Arrays.asList(entries));
    allowedClasses.addAll(Arrays.asList(entries));
    return this;
  }

  /**
   * What to do with a stored value that cannot be decoded (default {@link
   * UnreadableAttributePolicy#DROP_ATTRIBUTE}).
   *
   * @throws NullPointerException when {@code policy} is null
   * @throws IllegalStateException when the option was already set
   */
  public SessionStoreBuilder unreadableAttributePolicy(UnreadableAttributePolicy policy) {
    requireNonNull(policy, "policy");
    once("unreadableAttributePolicy");
    this.unreadableAttributePolicy = policy;
    return this;
  }

  /**
   * Encoded values of at least this many bytes are deflated when that makes them smaller (default
   * 1024; DynamoDB bills writes per 1 KB). {@code Integer.MAX_VALUE} turns compression off.
   *
   * @throws IllegalArgumentException when negative
   * @throws IllegalStateException when the option was already set
   */
  public SessionStoreBuilder compressionThreshold(int bytes) {
    once("compressionThreshold");
    if (bytes < 0) {
      throw new IllegalArgumentException(
          "compressionThreshold must be 0 or more bytes, was "
              + bytes
              + " (use Integer.MAX_VALUE to never compress)");
    }
    this.compressionThreshold = bytes;
    return this;
  }

  /**
   * What session keys start with, to tell them from cache entries in a shared table (default
   * {@value #DEFAULT_KEY_PREFIX}).
   *
   * @throws NullPointerException when {@code prefix} is null
   * @throws IllegalStateException when the option was already set
   */
  public SessionStoreBuilder keyPrefix(String prefix) {
    requireNonNull(prefix, "prefix");
    once("keyPrefix");
    this.keyPrefix = prefix;
    return this;
  }

  /**
   * Whether reads are strongly consistent (default {@code true}, the same as {@link
   * ConsistentReads#ALWAYS}): a login on one node must be seen by the next request on another.
   * {@code false} makes every read eventually consistent, at half the price, with no hint to keep a
   * client's own writes visible: its next request may read the session as it was before them.
   * Prefer {@link #consistentReads(ConsistentReads)} with {@link ConsistentReads#HINTED}. Has no
   * effect on an in-memory store, whose reads are always consistent.
   *
   * @throws IllegalStateException when the option was already set (by either method)
   */
  public SessionStoreBuilder consistentReads(boolean consistent) {
    once("consistentReads");
    this.consistentReads = consistent;
    return this;
  }

  /**
   * How sessions are read (default {@link ConsistentReads#ALWAYS}, strongly consistent): {@link
   * ConsistentReads#HINTED} reads eventually consistent at half the read units, with the client's
   * {@link ReadHint} keeping its own writes visible (see {@link ConsistentReads} for what it cannot
   * promise). Reads that explain a failed write, the id change's and {@link
   * SessionStore#findByPrincipal(String)} stay strongly consistent. Has no effect on an in-memory
   * store, whose reads are always consistent and whose sessions carry no hints.
   *
   * @throws NullPointerException when {@code mode} is null
   * @throws IllegalStateException when the option was already set (by either method)
   */
  public SessionStoreBuilder consistentReads(ConsistentReads mode) {
    requireNonNull(mode, "mode");
    once("consistentReads");
    this.consistentReads = true;
    this.readMode = mode;
    return this;
  }

  /**
   * The global secondary index on {@code principal} that {@link
   * SessionStore#findByPrincipal(String)} queries (hash key {@code principal} (S); projection
   * KEYS_ONLY is enough). Default: none, and {@code findByPrincipal} on DynamoDB throws {@link
   * IllegalStateException}. Has no effect on an in-memory store, which scans its map.
   *
   * @throws NullPointerException when {@code indexName} is null
   * @throws IllegalArgumentException when blank
   * @throws IllegalStateException when the option was already set
   */
  public SessionStoreBuilder principalIndexName(String indexName) {
    requireNonNull(indexName, "indexName");
    once("principalIndexName");
    if (indexName.isBlank()) {
      throw new IllegalArgumentException(
          "principalIndexName must not be blank, was '" + indexName + "'");
    }
    this.principalIndexName = indexName;
    return this;
  }

  /**
   * Adds a listener told the size in bytes (as DynamoDB counts it against its 400 KB item limit and
   * bills writes by: attribute names and values) of the session item after each write that stored
   * attributes: a new session, a save that changed attributes, the principal or the max inactive
   * interval, and an id change. Touches, which only move the expiry, are not told. The size is the
   * one the store computes anyway for the 400 KB guard; an in-memory store computes it the same
   * way. Called on the request's thread after the write: keep it quick. A listener that throws is
   * logged (WARN) and does not fail the request. Unlike the other options this one may be called
   * more than once: every listener is told. {@link io.stickless.micrometer.ItemSizeMetrics} records
   * the sizes as a Micrometer distribution summary:
   *
   * <pre>{@code
   * ItemSizeMetrics sizes = new ItemSizeMetrics(Tags.empty());
   * SessionStore store = SessionStore.builder(dynamoDb, TableSpec.of("app-table"))
   *     .addItemSizeListener(sizes.sessions())
   *     .build();
   * sizes.bindTo(registry);
   * }</pre>
   *
   * @throws NullPointerException when {@code listener} is null
   */
  public SessionStoreBuilder addItemSizeListener(LongConsumer listener) {
    itemSizeListeners.add(requireNonNull(listener, "listener"));
    return this;
  }

  /** Tests: an in-memory store built next is another "node" over the sessions of {@code other}. */
  SessionStoreBuilder sharingSessionsWith(SessionStore other) {
    this.sharedItems = ((InMemorySessionStore) other).items();
    return this;
  }

  /**
   * A new store with this configuration. Makes no call to DynamoDB (the table is not checked here:
   * see {@link io.stickless.table.DynamoDbTables}). The caller keeps owning the client: the store
   * never closes it.
   *
   * @throws IllegalStateException when options contradict each other (the message says which)
   */
  public SessionStore build() {
    SessionSettings settings = settings();
    if (client == null || table == null) {
      ConcurrentMap<String, Map<String, AttributeValue>> items =
          sharedItems != null ? sharedItems : InMemorySessionBackend.newTable();
      return new InMemorySessionStore(
          settings,
          new InMemorySessionBackend(items, settings.keyAttribute(), settings.ttlAttribute()));
    }
    DynamoDbCalls calls = new DynamoDbCalls(client, new UsageRecorder());
    return new DynamoDbSessionStore(
        new SessionEngine(
            settings,
            new DynamoDbSessionBackend(
                calls,
                table.tableName(),
                settings.keyAttribute(),
                settings.ttlAttribute(),
                consistentReads,
                principalIndexName),
            readMode),
        table.tableName());
  }

  private SessionSettings settings() {
    if (codec != null && !allowedClasses.isEmpty()) {
      throw new IllegalStateException(
          "Both codec(...) and allowedClasses"
              + allowedClasses
              + " were set; allowedClasses configures the default Java-serialization codec only:"
              + " pass the allow-list to your codec (e.g. AttributeCodec.json(allowList)) instead");
    }
    if (touchInterval != null && touchInterval.compareTo(defaultMaxInactiveInterval) > 0) {
      throw new IllegalStateException(
          "touchInterval "
              + touchInterval
              + " is longer than defaultMaxInactiveInterval "
              + defaultMaxInactiveInterval
              + ": sessions would stay in the table far beyond their expiry; use at most a quarter"
              + " of it (the default)");
    }
    AttributeCodec c = codec != null ? codec : AttributeCodec.javaSerialization(allowedClasses);
    return new SessionSettings(
        clock,
        defaultMaxInactiveInterval,
        touchInterval,
        strictTouch,
        writeMode,
        c,
        unreadableAttributePolicy,
        compressionThreshold,
        table != null ? table.keyAttribute() : TableSpec.DEFAULT_KEY_ATTRIBUTE,
        table != null ? table.ttlAttribute() : TableSpec.DEFAULT_TTL_ATTRIBUTE,
        keyPrefix,
        new ItemSizeListeners(itemSizeListeners));
  }

  private void once(String option) {
    if (!set.add(option)) {
      throw new IllegalStateException(
          option + " was already set on this builder: set each option once");
    }
  }
}
