package io.stickless.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

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

  private SessionItems() {}

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
