package io.stickless;

/**
 * The root of every exception Stickless throws for a condition it detects (as opposed to misuse,
 * which gets the JDK's {@code NullPointerException}, {@code IllegalArgumentException} or {@code
 * IllegalStateException}). The cause, when there is one, is always kept.
 */
public class SticklessException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An exception with a message that says what was wrong and what to do. */
  public SticklessException(String message) {
    super(message);
  }

  /** An exception with a message and the underlying cause. */
  public SticklessException(String message, Throwable cause) {
    super(message, cause);
  }
}
