package io.stickless.session;

import io.stickless.internal.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of a session item: its attribute names live here and nowhere else. The key attribute
 * and TTL attribute are configurable; the others are fixed.
 *
 * <pre>
 * key        S  keyPrefix + base64url(SHA-256(id)); the id itself is never stored
 * ttl        N  epoch seconds: accessed + idle + touch interval (DynamoDB TTL deletes it later)
 * created    N  epoch millis
 * accessed   N  epoch millis of the last recorded access (touch)
 * idle       N  max inactive interval in seconds; zero or negative: never expires by inactivity
 * ver        N  incremented by every write that changes attributes
 * attrs      M  attribute name to B (ValueEnvelope-wrapped codec bytes)
 * principal  S  optional; a sparse GSI on it serves findByPrincipal
 * </pre>
 *
 * <p>An instance maps sessions to items for one store's settings (key prefix, key and TTL attribute
 * names, touch interval).
 */
final class SessionItems {

  static final String CREATED = "created";
  static final String ACCESSED = "accessed";
  static final String IDLE = "idle";
  static final String VERSION = "ver";
  static final String ATTRIBUTES = "attrs";
  static final String PRINCIPAL = "principal";

  /** Prefix of the store references findByPrincipal hands out as ids. */
  static final String REFERENCE_PREFIX = "ref:";

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SessionSettings settings;

  SessionItems(SessionSettings settings) {
    this.settings = settings;
  }

  /** The key of a well-formed session id. */
  String keyOfId(String id) {
    return settings.keyPrefix() + hash(id);
  }

  /** The key of a session made by a store; its id may be a store reference. */
  String keyOf(StoredSession session) {
    String key = keyFor(settings.keyPrefix(), session.getId());
    if (key == null) {
      throw new IllegalArgumentException(
          "Session id is neither a session id nor a store reference; was this session made by a"
              + " SessionStore?");
    }
    return key;
  }

  /** Whether the item's TTL lies after {@code now}: an expired item is absent. */
  boolean isLive(Map<String, AttributeValue> item, Instant now) {
    return Expiry.isLive(item, settings.ttlAttribute(), now.getEpochSecond());
  }

  /** The whole item of a session with these encoded attributes, accessed at {@code accessed}. */
  Map<String, AttributeValue> fullItem(
      String key,
      StoredSession session,
      Map<String, byte[]> encoded,
      Instant accessed,
      long version) {
    Duration maxInactive = session.getMaxInactiveInterval();
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(settings.keyAttribute(), AttributeValue.fromS(key));
    item.put(settings.ttlAttribute(), ttl(accessed, maxInactive));
    item.put(CREATED, number(session.getCreationTime().toEpochMilli()));
    item.put(ACCESSED, number(accessed.toEpochMilli()));
    item.put(IDLE, number(idleSeconds(maxInactive)));
    item.put(VERSION, number(version));
    item.put(ATTRIBUTES, AttributeValue.fromM(binaries(encoded)));
    String principal = session.getPrincipal();
    if (principal != null) {
      item.put(PRINCIPAL, AttributeValue.fromS(principal));
    }
    return item;
  }

  /**
   * The top-level fields that record an access at {@code accessed}: {@code accessed} and the TTL
   * that follows from it, to which a save adds what else it changes.
   */
  Map<String, AttributeValue> accessFields(Instant accessed, Duration maxInactive) {
    Map<String, AttributeValue> fields = new LinkedHashMap<>();
    fields.put(ACCESSED, number(accessed.toEpochMilli()));
    fields.put(settings.ttlAttribute(), ttl(accessed, maxInactive));
    return fields;
  }

  /**
   * {@code accessed + maxInactive + touchInterval}, rounded up to the second: a session never
   * expires early and at most one touch interval late.
   */
  private AttributeValue ttl(Instant accessed, Duration maxInactive) {
    Duration touch = settings.touchIntervalFor(maxInactive);
    Duration life =
        maxInactive.isZero() || maxInactive.isNegative()
            ? SessionSettings.NEVER_EXPIRES_TTL
            : maxInactive;
    long millis = accessed.toEpochMilli() + life.toMillis() + touch.toMillis();
    return Expiry.ttlValue(Math.floorDiv(millis + 999, 1000));
  }

  /** The {@code attrs} map of an item; empty when it has none. */
  static Map<String, AttributeValue> attributesOf(Map<String, AttributeValue> item) {
    AttributeValue attrs = item.get(ATTRIBUTES);
    return attrs != null && attrs.hasM() ? attrs.m() : Map.of();
  }

  /** The principal of an item, or null. */
  static @Nullable String principalOf(Map<String, AttributeValue> item) {
    AttributeValue principal = item.get(PRINCIPAL);
    return principal == null ? null : principal.s();
  }

  /** Whole seconds, at least one for a positive interval; zero or negative: never expires. */
  static long idleSeconds(Duration maxInactive) {
    if (maxInactive.isZero() || maxInactive.isNegative()) {
      return maxInactive.isZero() ? 0 : -1;
    }
    long seconds = maxInactive.getSeconds() + (maxInactive.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  static @Nullable Long numberOf(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || v.n() == null) {
      return null;
    }
    try {
      return Long.parseLong(v.n());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static AttributeValue number(long n) {
    return AttributeValue.fromN(Long.toString(n));
  }

  static Map<String, AttributeValue> binaries(Map<String, byte[]> encoded) {
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    encoded.forEach(
        (name, bytes) ->
            values.put(name, AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(bytes))));
    return values;
  }

  /** base64url(SHA-256(id)): what the key holds instead of the id. */
  static String hash(String id) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
      return ENCODER.encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The key for an id or a store reference; {@code null} when {@code id} is neither (then nothing
   * may be sent).
   */
  static @Nullable String keyFor(String keyPrefix, @Nullable String id) {
    if (SessionIds.isWellFormed(id)) {
      return keyPrefix + hash(id);
    }
    if (id != null
        && id.startsWith(REFERENCE_PREFIX)
        && SessionIds.isWellFormed(id.substring(REFERENCE_PREFIX.length()))) {
      return keyPrefix + id.substring(REFERENCE_PREFIX.length());
    }
    return null;
  }

  /** The store reference of an item found without its id. */
  static String referenceFor(String keyPrefix, String key) {
    return REFERENCE_PREFIX + key.substring(keyPrefix.length());
  }
}
