package io.stickless.session;

import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Session ids: 32 bytes from {@link SecureRandom}, base64url without padding, so always 43
 * characters of {@code [A-Za-z0-9_-]}. Anything of another shape (a forged or truncated cookie, a
 * probe) is rejected by {@link #isWellFormed(String)} before any call to DynamoDB.
 *
 * <pre>{@code
 * String id = SessionIds.generate();          // e.g. "q3W8...Zk" (43 chars)
 * SessionIds.isWellFormed(id);                // true
 * SessionIds.isWellFormed("../etc/passwd");   // false
 * }</pre>
 */
public final class SessionIds {

  /** Bytes of randomness in an id. */
  public static final int ID_BYTES = 32;

  /** Characters of an id: 32 bytes in base64url without padding. */
  public static final int ID_LENGTH = 43;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private SessionIds() {}

  /** A fresh id: 32 bytes from {@link SecureRandom}, base64url without padding. */
  public static String generate() {
    byte[] bytes = new byte[ID_BYTES];
    RANDOM.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Whether {@code id} has the shape of an id {@link #generate()} makes: exactly 43 base64url
   * characters whose last one carries no padding bits. Cheap and allocation-free; {@code null}
   * gives {@code false}.
   */
  public static boolean isWellFormed(@Nullable String id) {
    if (id == null || id.length() != ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < ID_LENGTH; i++) {
      if (ALPHABET.indexOf(id.charAt(i)) < 0) {
        return false;
      }
    }
    // 43 characters hold 258 bits of which the last 2 are padding: a canonical encoding has them 0
    return ALPHABET.indexOf(id.charAt(ID_LENGTH - 1)) % 4 == 0;
  }
}
