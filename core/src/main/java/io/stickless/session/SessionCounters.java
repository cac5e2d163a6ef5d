package io.stickless.session;

import io.stickless.DynamoDbUsage;
import java.util.concurrent.atomic.LongAdder;

/** The session-level events one store counts, behind {@link SessionStore#stats()}. */
final class SessionCounters {

  final LongAdder sessionsCreated = new LongAdder();
  final LongAdder attributeWrites = new LongAdder();
  final LongAdder touches = new LongAdder();
  final LongAdder invalidations = new LongAdder();
  final LongAdder droppedWrites = new LongAdder();
  final LongAdder conflicts = new LongAdder();
  final LongAdder unreadableAttributes = new LongAdder();
  final LongAdder malformedIds = new LongAdder();

  SessionStoreStats snapshot(DynamoDbUsage usage) {
    return new SessionStoreStats(
        usage,
        sessionsCreated.sum(),
        attributeWrites.sum(),
        touches.sum(),
        invalidations.sum(),
        droppedWrites.sum(),
        conflicts.sum(),
        unreadableAttributes.sum(),
        malformedIds.sum());
  }
}
