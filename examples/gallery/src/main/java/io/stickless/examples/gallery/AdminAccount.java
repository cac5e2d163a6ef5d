package io.stickless.examples.gallery;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The admin account configured at start-up. Only a salted hash of the password is kept: PBKDF2 with
 * HMAC-SHA-512 and 210,000 iterations (OWASP's recommendation for PBKDF2-SHA-512), from the JDK, so
 * the demo needs no extra library. The clear-text password is forgotten once hashed.
 */
final class AdminAccount {

  private static final String ALGORITHM = "PBKDF2WithHmacSHA512";
  private static final int ITERATIONS = 210_000;
  private static final int HASH_BITS = 512;

  private final String userName;
  private final byte[] salt;
  private final byte[] hash;

  private AdminAccount(String userName, byte[] salt, byte[] hash) {
    this.userName = userName;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes {@code password} with a fresh random salt. */
  static AdminAccount create(String userName, char[] password) {
    Objects.requireNonNull(userName, "userName");
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return new AdminAccount(userName, salt, pbkdf2(password, salt));
  }

  String userName() {
    return userName;
  }

  /** Whether these credentials are the admin's; compares hashes in constant time. */
  boolean matches(String user, char[] password) {
    boolean userMatches = MessageDigest.isEqual(userName.getBytes(UTF_8), user.getBytes(UTF_8));
    boolean passwordMatches = MessageDigest.isEqual(hash, pbkdf2(password, salt));
    return userMatches & passwordMatches;
  }

  private static byte[] pbkdf2(char[] password, byte[] salt) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
