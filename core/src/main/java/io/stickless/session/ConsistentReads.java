package io.stickless.session;

/**
 * How a DynamoDB session store reads sessions: {@link #ALWAYS} strongly consistent (the default),
 * or {@link #HINTED}, eventually consistent at half the read units with the client's {@link
 * ReadHint} deciding when a read must be strongly consistent after all. Set with {@link
 * SessionStoreBuilder#consistentReads(ConsistentReads)}; the servlet filter carries the hints.
 *
 * <pre>{@code
 * SessionStore store = SessionStore.builder(dynamoDb, "app-table")
 *     .consistentReads(ConsistentReads.HINTED)
 *     .build();
 * }</pre>
 *
 * <p>What {@code HINTED} cannot promise is why it is not the default: a change made by
 * <em>another</em> client (an administrator invalidating the session, a stolen cookie used right
 * after its owner logged out, an id change) may be seen by a read up to DynamoDB's
 * eventual-consistency window (usually under a second) late. See {@code docs/sessions.md}.
 */
public enum ConsistentReads {

  /**
   * Every session read is one strongly consistent {@code GetItem}: 1 read unit per 4 KB. A request
   * on any node sees every write acknowledged before it, whoever made it.
   */
  ALWAYS,

  /**
   * Session reads are eventually consistent (half a read unit per 4 KB) when the client's {@link
   * ReadHint} allows it, and strongly consistent otherwise:
   *
   * <ul>
   *   <li>no hint (or a malformed one): one strongly consistent read;
   *   <li>a hint issued less than {@link ReadHint#STRONG_READ_WINDOW} ago (by the reading node's
   *       clock; a hint from the future counts as recent): one strongly consistent read;
   *   <li>an older hint: one eventually consistent read, repeated once strongly consistent when the
   *       item is missing or expired, or older than the hint's version.
   * </ul>
   *
   * <p>The id alone selects the session: a hint never selects, creates or revives one, and a forged
   * hint costs at most one extra read. Every save that writes the session gives the request a new
   * hint ({@link StoredSession#readHint()}), which the client returns with its next request.
   */
  HINTED
}
