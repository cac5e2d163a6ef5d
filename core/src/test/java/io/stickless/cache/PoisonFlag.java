package io.stickless.cache;

import java.util.concurrent.atomic.AtomicBoolean;

/** Set by {@link PoisonedValue}'s static initializer: tests check it is never run. */
final class PoisonFlag {

  static final AtomicBoolean INITIALISED = new AtomicBoolean();

  private PoisonFlag() {}
}
