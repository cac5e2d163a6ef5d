package io.stickless.cache;

import java.io.Serializable;

/**
 * A class no allow-list names, whose static initializer flips {@link PoisonFlag}. Tests never
 * instantiate it: they write its serialized form by renaming {@link HarmlessValue}'s.
 */
final class PoisonedValue implements Serializable {

  private static final long serialVersionUID = 1L;

  static {
    PoisonFlag.INITIALISED.set(true);
  }
}
