package io.stickless.session;

import java.io.Serializable;

/**
 * Named by renamed {@link TamperedHarmless} bytes: its static initializer fails, as a class whose
 * dependencies are missing after a redeploy does. Nothing in the tests may touch it directly.
 */
public class TamperedBrokenXY implements Serializable {
  private static final long serialVersionUID = 7L;

  static {
    if (Boolean.parseBoolean("true")) {
      throw new IllegalStateException("broken on purpose");
    }
  }

  public int field;
}
