package io.stickless.session;

import io.stickless.internal.ItemSizeListeners;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The validated, immutable configuration both stores share. */
record SessionSettings(
    Clock clock,
    Duration defaultMaxInactiveInterval,
    @Nullable Duration touchInterval,
    boolean strictTouch,
    SessionWriteMode writeMode,
    AttributeCodec codec,
    UnreadableAttributePolicy unreadableAttributePolicy,
    int compressionThreshold,
    String keyAttribute,
    String ttlAttribute,
    String keyPrefix,
    ItemSizeListeners itemSizeListeners) {

  /**
   * Sessions that never expire by inactivity still get a TTL this far ahead of their last touch, so
   * an abandoned one leaves the table eventually.
   */
  static final Duration NEVER_EXPIRES_TTL = Duration.ofDays(366);

  /** How long after the recorded access a read-only request moves the expiry. */
  Duration touchIntervalFor(Duration maxInactive) {
    if (touchInterval != null) {
      return touchInterval;
    }
    Duration base =
        maxInactive.isZero() || maxInactive.isNegative() ? defaultMaxInactiveInterval : maxInactive;
    return base.dividedBy(4);
  }
}
