package io.stickless.internal;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one expiry check of Stickless. DynamoDB deletes expired items late (typically within two
 * days) and emulators never do, so every read asks this before believing an item. Internal: not
 * part of the Stickless API.
 */
public final class Expiry {

  private Expiry() {}

  /**
   * Whether the item is live at {@code nowEpochSecond}: its TTL attribute is absent (never expires)
   * or lies strictly in the future. A TTL that is not a number counts as expired.
   */
  public static boolean isLive(
      Map<String, AttributeValue> item, String ttlAttribute, long nowEpochSecond) {
    AttributeValue ttl = item.get(ttlAttribute);
    if (ttl == null) {
      return true;
    }
    if (ttl.n() == null) {
      return false;
    }
    try {
      return Long.parseLong(ttl.n()) > nowEpochSecond;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The TTL attribute value for an expiry instant given in epoch seconds. */
  public static AttributeValue ttlValue(long epochSecond) {
    return AttributeValue.fromN(Long.toString(epochSecond));
  }
}
