package io.stickless.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stickless.UnreadableValueException;
import java.io.IOException;

/** Loaded only when a user asks for JSON: Jackson is an optional dependency. */
final class JacksonValueCodec<V> implements ValueCodec<V> {

  private final Class<V> type;
  private final ObjectMapper mapper;

  JacksonValueCodec(Class<V> type, ObjectMapper mapper) {
    this.type = type;
    this.mapper = mapper;
  }

  static <V> ValueCodec<V> create(Class<V> type) {
    return new JacksonValueCodec<>(type, new ObjectMapper().findAndRegisterModules());
  }

  @Override
  public byte[] encode(V value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Value of class " + value.getClass().getName() + " cannot be written as JSON: " + e, e);
    }
  }

  @Override
  public V decode(byte[] bytes) {
    try {
      return mapper.readValue(bytes, type);
    } catch (IOException e) {
      throw new UnreadableValueException(
          "Stored JSON is not a readable " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ValueCodec.json(" + type.getName() + ")";
  }
}
