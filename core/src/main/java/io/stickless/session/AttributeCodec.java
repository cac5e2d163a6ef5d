package io.stickless.session;

import java.util.Collection;

/**
 * Turns session attribute values into bytes and back. Stores wrap the bytes in their compression
 * envelope, so a codec only encodes. Implementations must be thread-safe and deterministic (equal
 * values give equal bytes), because a read attribute is written back only when its bytes change.
 *
 * <pre>{@code
 * SessionStore.builder(dynamoDb, "sessions")
 *     .codec(AttributeCodec.json(List.of("com.example.cart.**")))
 *     .build();
 * }</pre>
 */
public interface AttributeCodec {

  /**
   * The bytes of {@code value}.
   *
   * @throws IllegalArgumentException when the value cannot be encoded (message names the class and
   *     what to do)
   */
  byte[] encode(String name, Object value);

  /**
   * The value back.
   *
   * @throws io.stickless.UnreadableValueException when the bytes cannot be decoded (class missing,
   *     not allowed, corrupt)
   */
  Object decode(String name, byte[] bytes);

  /**
   * Java serialization, read through an {@code ObjectInputFilter} allowing JDK value types and
   * collections ({@code java.lang} boxes and String, {@code java.math}, {@code java.time}, {@code
   * java.util}) plus the entries given: a class ({@code com.example.Cart}), a package ({@code
   * com.example.*}) or a package tree ({@code com.example.**}). Everything else is rejected before
   * its class is initialised. Classes are resolved with the thread's context class loader.
   *
   * @throws IllegalArgumentException when an entry is blank or a bare wildcard
   */
  static AttributeCodec javaSerialization(Collection<String> allowList) {
    return new JavaSerializationAttributeCodec(allowList);
  }

  /**
   * JSON via Jackson (an optional dependency: add {@code
   * com.fasterxml.jackson.core:jackson-databind} to use it). The value's class name is stored
   * beside its JSON and checked before the class is loaded: it must be a JSON value type (String,
   * boxed primitives, {@code BigDecimal}, {@code BigInteger}, {@code java.time} values, {@code
   * Date}, {@code UUID}, {@code ArrayList}, {@code LinkedList}, {@code HashMap}, {@code
   * LinkedHashMap}, {@code TreeMap}, {@code HashSet}, {@code LinkedHashSet}, {@code TreeSet}) or
   * match one of the entries given (as for {@link #javaSerialization(Collection)}; other JDK
   * classes are refused). Jackson's default typing stays off, so nested values are read with their
   * declared types ({@code Object} fields become maps, lists, strings and numbers); class names
   * inside a value ({@code JsonTypeInfo.Id.CLASS}) pass the same check.
   *
   * @throws IllegalArgumentException when an entry is blank or a bare wildcard
   * @throws IllegalStateException when Jackson is not on the classpath
   */
  static AttributeCodec json(Collection<String> allowList) {
    try {
      Class.forName(
          "com.fasterxml.jackson.databind.ObjectMapper",
          false,
          AttributeCodec.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "AttributeCodec.json needs Jackson: add com.fasterxml.jackson.core:jackson-databind to"
              + " the application's dependencies, or use AttributeCodec.javaSerialization",
          e);
    }
    return new JsonAttributeCodec(allowList);
  }
}
