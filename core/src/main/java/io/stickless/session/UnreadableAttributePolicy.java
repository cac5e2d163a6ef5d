package io.stickless.session;

/**
 * What a store does with an attribute whose stored value cannot be decoded: its class is gone after
 * a redeploy, the deserialization allow-list rejects it, or its bytes are corrupt. Every case logs
 * one WARN (naming the attribute and the class, never the value) and counts in {@link
 * SessionStoreStats#unreadableAttributes()}.
 */
public enum UnreadableAttributePolicy {
  /**
   * The default: the session is found without that attribute; the next save that writes removes it
   * from the item.
   */
  DROP_ATTRIBUTE,
  /** The session is treated as not found (the user gets a new one); the item is left alone. */
  DROP_SESSION,
  /** {@link SessionStore#findById(String)} throws {@link io.stickless.UnreadableValueException}. */
  FAIL
}
