package io.stickless.session;

import java.io.Serializable;

/**
 * A class outside every allow-list whose static initializer must never run when a tampered item
 * names it. Nothing in the tests may touch it directly.
 */
public class TamperedGadgetXY implements Serializable {
  private static final long serialVersionUID = 7L;

  static final String INITIALIZED_PROPERTY = "stickless.test.gadget.initialized";

  static {
    System.setProperty(INITIALIZED_PROPERTY, "true");
  }

  public int field;
}
