package io.stickless.session;

import java.time.Clock;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The read of {@link ConsistentReads#HINTED} mode: eventually consistent when the client's hint
 * vouches for it, strongly consistent when in doubt, and at most one extra read whatever the hint
 * says. The hint never changes which item is read, so it cannot select or revive a session.
 */
final class HintedReads {

  private static final Logger log = LoggerFactory.getLogger(HintedReads.class);

  private final SessionBackend backend;
  private final SessionItems items;
  private final Clock clock;

  HintedReads(SessionBackend backend, SessionItems items, Clock clock) {
    this.backend = backend;
    this.items = items;
    this.clock = clock;
  }

  /** The item under {@code key} (expired or not), read as {@code hint} allows. */
  @Nullable Map<String, AttributeValue> read(String key, @Nullable ReadHint hint) {
    long now = clock.millis();
    if (hint == null || hint.isRecent(now)) {
      // no hint (a client that never got one, or lost it), or a write moments ago whose newer
      // sibling's hint the client may have overwritten: only a strong read is safe
      return backend.get(key, true);
    }
    Map<String, AttributeValue> item = backend.get(key, false);
    if (item == null || !items.isLive(item, clock.instant())) {
      // the hint says the session existed: it may be too new for this replica
      log.debug("Hinted read found no live session: reading again, strongly consistent");
      return backend.get(key, true);
    }
    Long version = SessionItems.numberOf(item, SessionItems.VERSION);
    if (version == null || version < hint.version()) {
      log.debug("Hinted read found an older session than the client's hint: reading again");
      return backend.get(key, true);
    }
    return item;
  }
}
