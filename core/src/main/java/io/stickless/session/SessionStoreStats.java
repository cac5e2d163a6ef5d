package io.stickless.session;

import static java.util.Objects.requireNonNull;

import io.stickless.DynamoDbUsage;

/**
 * What a session store has done since it was built: the DynamoDB calls and consumed capacity
 * ({@link #usage()}; the in-memory store counts the calls DynamoDB would get and the capacity it
 * would bill) and the session-level events behind them. Immutable snapshot; subtract two with
 * {@link #minus(SessionStoreStats)}.
 *
 * @param usage calls by operation and consumed read and write units
 * @param sessionsCreated new sessions written (one PutItem each)
 * @param attributeWrites saves that wrote changed attributes, principal or max inactive interval
 *     (one UpdateItem each)
 * @param touches saves of a read-only request that moved the expiry (one UpdateItem each)
 * @param invalidations stored sessions invalidated ({@link SessionStore#invalidate}) or deleted
 *     ({@link SessionStore#deleteById}, counted even when no item had that id): one DeleteItem
 *     each; the delete of the old item by {@link SessionStore#changeSessionId} is not counted
 * @param droppedWrites saves not written because the session was invalidated or expired meanwhile
 * @param conflicts saves refused in {@link SessionWriteMode#OPTIMISTIC} mode
 * @param unreadableAttributes attribute values that could not be decoded
 * @param malformedIds ids rejected without a call because they do not look like session ids
 */
public record SessionStoreStats(
    DynamoDbUsage usage,
    long sessionsCreated,
    long attributeWrites,
    long touches,
    long invalidations,
    long droppedWrites,
    long conflicts,
    long unreadableAttributes,
    long malformedIds) {

  /** A snapshot. */
  public SessionStoreStats {
    requireNonNull(usage, "usage");
  }

  /** What happened since {@code earlier}, a snapshot of the same store taken before this one. */
  public SessionStoreStats minus(SessionStoreStats earlier) {
    return new SessionStoreStats(
        usage.minus(earlier.usage),
        sessionsCreated - earlier.sessionsCreated,
        attributeWrites - earlier.attributeWrites,
        touches - earlier.touches,
        invalidations - earlier.invalidations,
        droppedWrites - earlier.droppedWrites,
        conflicts - earlier.conflicts,
        unreadableAttributes - earlier.unreadableAttributes,
        malformedIds - earlier.malformedIds);
  }
}
