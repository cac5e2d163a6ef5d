package io.stickless;

/**
 * A stored value could not be decoded: its class is gone (e.g. after a redeploy), the
 * deserialization allow-list rejects it, or its bytes are corrupt. Caches treat such an entry as a
 * miss and sessions drop the attribute (by default), each with one WARN and a metric; this
 * exception reaches callers only when the configured policy says to fail.
 */
public class UnreadableValueException extends SticklessException {

  private static final long serialVersionUID = 1L;

  /** An exception naming what could not be read and why. */
  public UnreadableValueException(String message, Throwable cause) {
    super(message, cause);
  }
}
