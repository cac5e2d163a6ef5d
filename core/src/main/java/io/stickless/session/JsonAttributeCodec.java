package io.stickless.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stickless.UnreadableValueException;
import io.stickless.internal.SerialAllowList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Stored form: the class name in UTF-8, one newline, the JSON. Loaded only when asked for. */
final class JsonAttributeCodec implements AttributeCodec {

  private final SerialAllowList allowList;
  private final ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();

  JsonAttributeCodec(Collection<String> allowList) {
    this.allowList = SerialAllowList.of(List.copyOf(allowList));
  }

  @Override
  public byte[] encode(String name, Object value) {
    byte[] type = (value.getClass().getName() + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Session attribute '"
              + name
              + "' of class "
              + value.getClass().getName()
              + " cannot be written as JSON: "
              + e.getMessage(),
          e);
    }
    byte[] out = Arrays.copyOf(type, type.length + json.length);
    System.arraycopy(json, 0, out, type.length, json.length);
    return out;
  }

  @Override
  public Object decode(String name, byte[] bytes) {
    int newline = -1;
    for (int i = 0; i < bytes.length && i < 1024; i++) {
      if (bytes[i] == '\n') {
        newline = i;
        break;
      }
    }
    if (newline <= 0) {
      throw new UnreadableValueException(
          "Session attribute '" + name + "' is not in the JSON codec's format", null);
    }
    String className = new String(bytes, 0, newline, StandardCharsets.UTF_8);
    if (!allowList.allows(className)) {
      throw new UnreadableValueException(
          "Refused to read " + className + " from JSON: not on the allow-list", null);
    }
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type =
          Class.forName(
              className,
              false,
              loader != null ? loader : JsonAttributeCodec.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new UnreadableValueException(
          "Class "
              + className
              + " is not on the classpath (removed or renamed since it was stored?)",
          e);
    }
    try {
      return mapper.readValue(bytes, newline + 1, bytes.length - newline - 1, type);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableValueException(
          "Session attribute '"
              + name
              + "' is not readable as "
              + className
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "AttributeCodec.json(" + allowList.userEntries() + ")";
  }
}
