package io.stickless.session;

import static java.util.Objects.requireNonNull;

import io.stickless.internal.DynamoDbCalls;
import io.stickless.internal.UsageRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Sessions in a DynamoDB table, one item each, keyed {@code session:} + base64url(SHA-256(id)) so
 * the table never holds a usable session id. The table needs only the tutorial schema: hash key
 * {@code key} (S), TTL on {@code ttl}; sessions share it with cache entries.
 *
 * <pre>{@code
 * DynamoDbSessionStore store = DynamoDbSessionStore.builder(dynamoDb, "app-table")
 *     .defaultMaxInactiveInterval(Duration.ofMinutes(30))
 *     .allowedClasses("com.example.cart.**")
 *     .principalIndexName("principal-index")   // optional, for findByPrincipal
 *     .build();
 * }</pre>
 *
 * <p>What each request costs (on-demand pricing counts the whole item):
 *
 * <ul>
 *   <li>read-only, no touch due: one strongly consistent GetItem, no write;
 *   <li>touch due (at most once per touch interval, default a quarter of max inactive): one
 *       UpdateItem of {@code accessed} and {@code ttl};
 *   <li>attributes changed: one UpdateItem that SETs/REMOVEs only those map entries, conditioned on
 *       {@code attribute_exists(key) AND ttl > :now} so an invalidated or expired session is never
 *       brought back;
 *   <li>new session: one PutItem with {@code attribute_not_exists(key)}; invalidation: one
 *       DeleteItem; id change: one PutItem and one DeleteItem.
 * </ul>
 *
 * <p>Every read treats an item whose {@code ttl} has passed (DynamoDB deletes expired items up to
 * days late) as absent; the stored {@code ttl} already holds the writer's slack, so nodes with
 * different touch intervals agree. See {@code docs/sessions.md} for the item layout and the maths.
 * Thread-safe.
 */
public final class DynamoDbSessionStore extends EngineSessionStore {

  private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

  private final String tableName;

  private DynamoDbSessionStore(SessionEngine engine, String tableName) {
    super(engine);
    this.tableName = tableName;
  }

  /**
   * A builder for a store on {@code tableName} through {@code client} (the caller keeps owning the
   * client: the store never closes it).
   *
   * @throws NullPointerException when an argument is null
   */
  public static Builder builder(DynamoDbClient client, String tableName) {
    return new Builder(requireNonNull(client, "client"), requireNonNull(tableName, "tableName"));
  }

  /**
   * Queries the principal index (keys only), then reads the items with strongly consistent
   * BatchGetItem calls.
   *
   * @throws IllegalStateException when no {@link Builder#principalIndexName(String) principal
   *     index} is configured
   */
  @Override
  public List<StoredSession> findByPrincipal(String principal) {
    return engine.findByPrincipal(principal);
  }

  /** The table. */
  public String tableName() {
    return tableName;
  }

  @Override
  public String toString() {
    return "DynamoDbSessionStore{table=" + tableName + "}";
  }

  /** Configures a {@link DynamoDbSessionStore}; not thread-safe. */
  public static final class Builder {

    private final DynamoDbClient client;
    private final String tableName;
    private final SessionOptions options = new SessionOptions();
    private boolean consistentReads = true;
    private @Nullable String principalIndexName;

    private Builder(DynamoDbClient client, String tableName) {
      this.client = client;
      this.tableName = tableName;
    }

    /**
     * The hash key attribute (type S). Default: {@code key}.
     *
     * @throws IllegalArgumentException when blank
     */
    public Builder keyAttribute(String name) {
      options.keyAttribute = SessionOptions.attributeName("keyAttribute", name);
      return this;
    }

    /**
     * The table's TTL attribute (type N, epoch seconds). Default: {@code ttl}.
     *
     * @throws IllegalArgumentException when blank
     */
    public Builder ttlAttribute(String name) {
      options.ttlAttribute = SessionOptions.attributeName("ttlAttribute", name);
      return this;
    }

    /** What session keys start with, to tell them from cache entries. Default: {@code session:}. */
    public Builder keyPrefix(String prefix) {
      options.keyPrefix = requireNonNull(prefix, "prefix");
      return this;
    }

    /** The clock for creation, access and expiry. Default: {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      options.clock(clock);
      return this;
    }

    /**
     * Max inactive interval of new sessions. Default: 30 minutes.
     *
     * @throws IllegalArgumentException when shorter than one second
     */
    public Builder defaultMaxInactiveInterval(Duration interval) {
      options.defaultMaxInactiveInterval(interval);
      return this;
    }

    /**
     * A read-only request records its access (one UpdateItem) when at least this long has passed
     * since the recorded one; the stored TTL is {@code accessed + maxInactive + touchInterval}, so
     * a session never expires early and at most this late. Default: a quarter of the session's max
     * inactive interval.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder touchInterval(Duration interval) {
      options.touchInterval(interval);
      return this;
    }

    /**
     * Whether every request records its access (one write per request, like Spring Session's and
     * express's stores). Default: false.
     */
    public Builder strictTouch(boolean strict) {
      options.strictTouch = strict;
      return this;
    }

    /** How concurrent changes of one attribute resolve. Default: last writer wins. */
    public Builder writeMode(SessionWriteMode mode) {
      options.writeMode = requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Whether reads are strongly consistent (login on one node, next request on another must see
     * it). Default: true. Eventually consistent reads cost half.
     */
    public Builder consistentReads(boolean consistent) {
      this.consistentReads = consistent;
      return this;
    }

    /**
     * The attribute codec. Default: Java serialization allowing JDK value types plus {@link
     * #allowedClasses(String...)}.
     */
    public Builder codec(AttributeCodec codec) {
      options.codec(codec);
      return this;
    }

    /**
     * Classes the default Java-serialization codec may read besides JDK value types: {@code
     * com.example.Cart}, {@code com.example.*} (a package) or {@code com.example.**} (a tree).
     *
     * @throws IllegalArgumentException when an entry is blank or a bare wildcard
     */
    public Builder allowedClasses(String... entries) {
      options.allowedClasses(entries);
      return this;
    }

    /** What to do with a value that cannot be decoded. Default: drop the attribute. */
    public Builder unreadableAttributePolicy(UnreadableAttributePolicy policy) {
      options.unreadableAttributePolicy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Encoded values of at least this many bytes are deflated (when that makes them smaller).
     * Default: 1024.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder compressionThreshold(int bytes) {
      options.compressionThreshold(bytes);
      return this;
    }

    /**
     * The global secondary index on {@code principal} that {@link
     * DynamoDbSessionStore#findByPrincipal(String)} queries (hash key {@code principal} (S);
     * projection KEYS_ONLY is enough). Default: none, and {@code findByPrincipal} throws {@link
     * IllegalStateException}.
     *
     * @throws IllegalArgumentException when blank
     */
    public Builder principalIndexName(@Nullable String indexName) {
      this.principalIndexName =
          indexName == null ? null : SessionOptions.attributeName("principalIndexName", indexName);
      return this;
    }

    /**
     * The store. Makes no call to DynamoDB.
     *
     * @throws IllegalArgumentException when the table name is not a valid DynamoDB table name
     * @throws IllegalStateException when options contradict each other (the message says which)
     */
    public DynamoDbSessionStore build() {
      if (!TABLE_NAME.matcher(tableName).matches()) {
        throw new IllegalArgumentException(
            "Table name '"
                + tableName
                + "' is not a valid DynamoDB table name: use 3 to 255 characters of a-z, A-Z, 0-9,"
                + " '_', '-' and '.'");
      }
      SessionSettings settings = options.build();
      DynamoDbCalls calls = new DynamoDbCalls(client, new UsageRecorder());
      return new DynamoDbSessionStore(
          new SessionEngine(
              settings,
              new DynamoDbSessionBackend(
                  calls,
                  tableName,
                  settings.keyAttribute(),
                  settings.ttlAttribute(),
                  consistentReads,
                  principalIndexName)),
          tableName);
    }
  }
}
