package io.stickless.session;

import io.stickless.table.TableSpec;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where sessions live between requests: what the servlet filter talks to. One request does {@link
 * #findById(String)} (or {@link #createSession()}), works on the {@link StoredSession}, then {@link
 * #save(StoredSession)} once (saving again writes only what changed since). Stores are built by
 * {@link #builder(DynamoDbClient, TableSpec)} for production and {@link #inMemory()} for tests and
 * single-node development; both run the same code, so they have the same semantics. Thread-safe.
 *
 * <pre>{@code
 * SessionStore store = SessionStore.builder(dynamoDb, "app-table").build();
 * StoredSession session = store.findById(cookieValue);   // null: malformed, unknown, expired
 * if (session == null) {
 *   session = store.createSession();
 * }
 * session.setAttribute("user", "alice");
 * store.save(session);
 * // on login, against session fixation:
 * String newId = store.changeSessionId(session);
 * // on logout:
 * store.invalidate(session);
 * }</pre>
 *
 * <p>Costs on DynamoDB: a read-only request is one strongly consistent GetItem (with {@link
 * ConsistentReads#HINTED}: usually one eventually consistent GetItem at half the units) and no
 * write unless a touch is due; a request that changes attributes adds one UpdateItem; a new session
 * one PutItem; an invalidation one DeleteItem; an id change one PutItem and one DeleteItem (and one
 * UpdateItem when another request changed the session meanwhile). {@link #stats()} counts every
 * call.
 *
 * <p><b>Not a service-provider interface.</b> Only the stores Stickless builds implement the
 * semantics ({@link StoredSession}s are made by them alone): delta writes conditioned on the item's
 * existence and TTL, conditional puts, the id change with its merge, the unreadable-value policy.
 * Those are easy to get subtly wrong, and a second implementation would have to repeat all of them,
 * so there is no public way to make a {@code StoredSession}. You may still implement this interface
 * to <em>decorate</em> a store Stickless built (count or time its calls, inject failures in a
 * test): forward every method, {@link #invalidate(StoredSession)} included, to that store.
 */
public interface SessionStore {

  /**
   * A builder of a store on the table {@code table} through {@code client} (the caller keeps owning
   * the client: the store never closes it). The table name and its key and TTL attribute names come
   * from {@code table}.
   *
   * @throws NullPointerException when an argument is null
   */
  static SessionStoreBuilder builder(DynamoDbClient client, TableSpec table) {
    return SessionStoreBuilder.forDynamoDb(client, table);
  }

  /**
   * A builder of a store on the table named {@code tableName}, with the tutorial schema (hash key
   * {@code key}, TTL attribute {@code ttl}): short for {@code builder(client,
   * TableSpec.of(tableName))}.
   *
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code tableName} breaks DynamoDB's naming rules
   */
  static SessionStoreBuilder builder(DynamoDbClient client, String tableName) {
    return SessionStoreBuilder.forDynamoDb(client, TableSpec.of(tableName));
  }

  /**
   * A builder of a store in this JVM's memory, with the semantics of the DynamoDB store (it runs
   * the same code over a map holding the same items), for tests and single-node development. Values
   * are encoded at save as they would be for DynamoDB, so a non-serializable value or an in-place
   * mutation behaves here as in production, and {@link #stats()} count the calls and capacity
   * DynamoDB would see. The DynamoDB-only options ({@link
   * SessionStoreBuilder#consistentReads(ConsistentReads)}, {@link
   * SessionStoreBuilder#principalIndexName}) are accepted and have no effect.
   */
  static SessionStoreBuilder inMemory() {
    return SessionStoreBuilder.forInMemory();
  }

  /**
   * A new session with a fresh id ({@link SessionIds#generate()}), {@link StoredSession#isNew()}
   * true and the store's default max inactive interval. Nothing is written until {@link
   * #save(StoredSession)}.
   */
  StoredSession createSession();

  /**
   * The session with this id, or {@code null} when the id is malformed (then without any call to
   * the backend), unknown, invalidated or expired. Expired means the item's stored TTL has passed:
   * the TTL is the last <em>recorded</em> access plus the max inactive interval plus the touch
   * interval of the node that wrote it (see {@link SessionStoreBuilder#touchInterval(Duration)}),
   * so a session is never absent before its last access plus max inactive interval, and may be
   * found up to one touch interval after that. A session that never expires by inactivity (max
   * inactive zero or negative) gets a TTL about a year after its last recorded access. The returned
   * session's {@link StoredSession#getLastAccessedTime()} is the previous recorded access; this
   * access is recorded by {@link #save(StoredSession)} when a touch is due.
   *
   * @throws io.stickless.UnreadableValueException when an attribute cannot be decoded and the
   *     policy is {@link UnreadableAttributePolicy#FAIL}
   * @throws io.stickless.BackendUnavailableException when the backend cannot be reached
   */
  @Nullable StoredSession findById(String id);

  /**
   * The session with this id, read as {@code hint} allows: like {@link #findById(String)}, for a
   * store built with {@link ConsistentReads#HINTED}, whose read is eventually consistent (half the
   * read units) when the client's hint vouches for it and strongly consistent otherwise (see {@link
   * ConsistentReads#HINTED} for the rules). The id alone selects the session: the hint never
   * selects, creates or revives one, and a forged or stale hint costs at most one extra read.
   * {@code null} is no hint. Other stores ignore the hint; this default does too, so a decorator
   * that does not forward it reads strongly (correct, at the full price): extend {@link
   * ForwardingSessionStore}, which forwards it.
   *
   * @throws io.stickless.UnreadableValueException when an attribute cannot be decoded and the
   *     policy is {@link UnreadableAttributePolicy#FAIL}
   * @throws io.stickless.BackendUnavailableException when the backend cannot be reached
   */
  default @Nullable StoredSession findById(String id, @Nullable ReadHint hint) {
    return findById(id);
  }

  /**
   * Commits one request's work: a new session is written with one conditional put; changed or
   * removed attributes with one update carrying only those deltas; a read-only request writes
   * nothing unless a touch is due (then one small update moving the expiry). Saving a session that
   * was invalidated or expired meanwhile writes nothing and is not an error: the write is dropped
   * (DEBUG log, {@link SessionStoreStats#droppedWrites()}) and the session stays gone.
   *
   * @throws SessionTooLargeException when the item would exceed 400 KB (before any call)
   * @throws SessionConflictException in {@link SessionWriteMode#OPTIMISTIC} mode, when another
   *     request changed the session's attributes since this one read it
   * @throws IllegalArgumentException when an attribute value cannot be encoded (message names the
   *     attribute and the class)
   * @throws io.stickless.BackendUnavailableException when the backend cannot be reached
   */
  void save(StoredSession session);

  /**
   * Invalidates the session: one delete. Idempotent; a malformed id does nothing and makes no call.
   */
  void deleteById(String id);

  /**
   * Invalidates this session object's session: like {@link #deleteById(String)}, and later saves of
   * this object write nothing (a session created by this request and never saved makes no call at
   * all). The servlet filter's {@code HttpSession.invalidate()} should use this rather than {@link
   * #deleteById(String)}, so a commit after the invalidation cannot write the session again.
   */
  default void invalidate(StoredSession session) {
    deleteById(session.getId());
  }

  /**
   * Gives the session a new id (the defence against session fixation): writes it, with this
   * request's changes, under the new id, then deletes the old item. There is no transaction: if the
   * delete fails, the old id lives on until it expires. What another request committed between this
   * request's read and the id change (attributes, principal, max inactive interval) is carried over
   * to the new id, unless this request changed the same thing (one more UpdateItem then). A session
   * never saved just takes the new id, without any call. The session carries the new id afterwards.
   *
   * @return the new id
   * @throws SessionTooLargeException when the item would exceed 400 KB (before any call)
   */
  String changeSessionId(StoredSession session);

  /**
   * The live sessions whose principal ({@link StoredSession#setPrincipal(String)}) is {@code
   * principal}, e.g. to show a user their sessions or log them out everywhere. Their ids are store
   * references (see {@link StoredSession#getId()}), fit for {@link #deleteById(String)}.
   *
   * <p>On DynamoDB: a Query of the principal index (keys only), then strongly consistent
   * BatchGetItem calls; in memory: a scan of the map.
   *
   * @throws IllegalStateException when the store cannot search by principal (a DynamoDB store
   *     without a {@link SessionStoreBuilder#principalIndexName(String) principal index}; the
   *     message says how to configure one)
   */
  List<StoredSession> findByPrincipal(String principal);

  /** Counters of what this store has done: calls, consumed capacity, touches, dropped writes. */
  SessionStoreStats stats();

  /** The max inactive interval of new sessions. */
  Duration defaultMaxInactiveInterval();
}
