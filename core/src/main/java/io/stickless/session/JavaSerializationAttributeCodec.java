package io.stickless.session;

import io.stickless.internal.JavaSerialization;
import io.stickless.internal.SerialAllowList;
import java.util.Collection;
import java.util.List;

final class JavaSerializationAttributeCodec implements AttributeCodec {

  private final SerialAllowList allowList;

  JavaSerializationAttributeCodec(Collection<String> allowList) {
    this.allowList = SerialAllowList.of(List.copyOf(allowList));
  }

  @Override
  public byte[] encode(String name, Object value) {
    try {
      return JavaSerialization.serialize(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Session attribute '" + name + "' cannot be stored: " + e.getMessage(), e);
    }
  }

  @Override
  public Object decode(String name, byte[] bytes) {
    return JavaSerialization.deserialize(bytes, allowList, null);
  }

  @Override
  public String toString() {
    return "AttributeCodec.javaSerialization(" + allowList.userEntries() + ")";
  }
}
