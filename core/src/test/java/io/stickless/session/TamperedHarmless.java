package io.stickless.session;

import java.io.Serializable;

/** Serialized, then renamed in the bytes to {@link TamperedGadgetXY}: same name length. */
public class TamperedHarmless implements Serializable {
  private static final long serialVersionUID = 7L;
  public int field = 42;
}
