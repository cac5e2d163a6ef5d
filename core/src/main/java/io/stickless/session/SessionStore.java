package io.stickless.session;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where sessions live between requests: the SPI the servlet filter talks to. One request does
 * {@link #findById(String)} (or {@link #createSession()}), works on the {@link StoredSession}, then
 * {@link #save(StoredSession)} once (saving again writes only what changed since). Implementations
 * are thread-safe: {@link DynamoDbSessionStore} for production, {@link InMemorySessionStore} the
 * reference with the same semantics for tests and single-node development.
 *
 * <pre>{@code
 * StoredSession session = store.findById(cookieValue);   // null: malformed, unknown, expired
 * if (session == null) {
 *   session = store.createSession();
 * }
 * session.setAttribute("user", "alice");
 * store.save(session);
 * // on login, against session fixation:
 * String newId = store.changeSessionId(session);
 * // on logout:
 * store.deleteById(session.getId());
 * }</pre>
 *
 * <p>Costs on DynamoDB: a read-only request is one strongly consistent GetItem and no write unless
 * a touch is due; a request that changes attributes adds one UpdateItem; a new session one PutItem;
 * an invalidation one DeleteItem. {@link #stats()} counts every call.
 */
public interface SessionStore {

  /**
   * A new session with a fresh id ({@link SessionIds#generate()}), {@link StoredSession#isNew()}
   * true and the store's default max inactive interval. Nothing is written until {@link
   * #save(StoredSession)}.
   */
  StoredSession createSession();

  /**
   * The session with this id, or {@code null} when the id is malformed (then without any call to
   * the backend), unknown, expired (its TTL or its last access plus max inactive interval has
   * passed) or invalidated. The returned session's {@link StoredSession#getLastAccessedTime()} is
   * the previous access; this access is recorded by {@link #save(StoredSession)} when a touch is
   * due.
   *
   * @throws io.stickless.UnreadableValueException when an attribute cannot be decoded and the
   *     policy is {@link UnreadableAttributePolicy#FAIL}
   * @throws io.stickless.BackendUnavailableException when the backend cannot be reached
   */
  @Nullable StoredSession findById(String id);

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
   * delete fails, the old id lives on until it expires. A session never saved just takes the new
   * id, without any call. The session carries the new id afterwards.
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
   * @throws IllegalStateException when the store cannot search by principal (a DynamoDB store
   *     without a principal index; the message says how to configure one)
   */
  List<StoredSession> findByPrincipal(String principal);

  /** Counters of what this store has done: calls, consumed capacity, touches, dropped writes. */
  SessionStoreStats stats();

  /** The max inactive interval of new sessions. */
  Duration defaultMaxInactiveInterval();
}
