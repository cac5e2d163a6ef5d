package io.stickless.session;

/**
 * What a store does with an attribute whose stored value cannot be decoded: its class is gone after
 * a redeploy, the deserialization allow-list rejects it, or its bytes are corrupt. Every read of
 * such a value logs one WARN (naming the attribute and the class, never the value) and counts in
 * {@link SessionStoreStats#unreadableAttributes()}.
 */
public enum UnreadableAttributePolicy {
  /**
   * The default: the session is found without that attribute. A read-only request writes nothing
   * because of it; a save that writes attributes anyway removes it along (without counting as a
   * change, so never a version conflict), except when its class is missing ({@code
   * ClassNotFoundException}, {@code NoClassDefFoundError}): newer nodes of a rolling deploy may
   * read it, so it stays as stored, also across {@link SessionStore#changeSessionId}. Every read
   * logs the WARN again.
   */
  DROP_ATTRIBUTE,
  /** The session is treated as not found (the user gets a new one); the item is left alone. */
  DROP_SESSION,
  /** {@link SessionStore#findById(String)} throws {@link io.stickless.UnreadableValueException}. */
  FAIL
}
