package io.stickless.cache;

import io.stickless.internal.JavaSerialization;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/** Same shape and name length as {@link PoisonedValue}, to forge its serialized form. */
final class HarmlessValue implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The serialized bytes of a {@link PoisonedValue}, made without loading that class. */
  static byte[] poisonedValueBytes() {
    byte[] bytes = JavaSerialization.serialize(new HarmlessValue());
    byte[] from = HarmlessValue.class.getName().getBytes(StandardCharsets.UTF_8);
    byte[] to = "io.stickless.cache.PoisonedValue".getBytes(StandardCharsets.UTF_8);
    if (from.length != to.length) {
      throw new AssertionError("class names must have the same length");
    }
    for (int i = 0; i + from.length <= bytes.length; i++) {
      boolean match = true;
      for (int j = 0; j < from.length && match; j++) {
        match = bytes[i + j] == from[j];
      }
      if (match) {
        System.arraycopy(to, 0, bytes, i, to.length);
        return bytes;
      }
    }
    throw new AssertionError("class name not found in the serialized bytes");
  }
}
