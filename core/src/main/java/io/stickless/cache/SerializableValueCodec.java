package io.stickless.cache;

import io.stickless.UnreadableValueException;
import io.stickless.internal.JavaSerialization;
import io.stickless.internal.SerialAllowList;

final class SerializableValueCodec<V> implements ValueCodec<V> {

  private final Class<V> type;
  private final SerialAllowList allowList;

  SerializableValueCodec(Class<V> type, SerialAllowList allowList) {
    this.type = type;
    this.allowList = allowList;
  }

  @Override
  public byte[] encode(V value) {
    return JavaSerialization.serialize(value);
  }

  @Override
  public V decode(byte[] bytes) {
    Object value = JavaSerialization.deserialize(bytes, allowList, type.getClassLoader());
    if (!type.isInstance(value)) {
      throw new UnreadableValueException(
          "Stored value is a " + value.getClass().getName() + ", not a " + type.getName(), null);
    }
    return type.cast(value);
  }

  @Override
  public String toString() {
    return "ValueCodec.serializable(" + type.getName() + ", " + allowList.userEntries() + ")";
  }
}
