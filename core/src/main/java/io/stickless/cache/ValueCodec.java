package io.stickless.cache;

import io.stickless.UnreadableValueException;
import io.stickless.internal.SerialAllowList;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Turns cache values into bytes and back. The cache wraps the bytes in a one-byte envelope and
 * compresses them when they are at least {@link TtlCacheBuilder#compressionThreshold(int)} long, so
 * codecs need not compress.
 *
 * <pre>{@code
 * ValueCodec<Profile> json = ValueCodec.json(Profile.class);               // needs jackson-databind
 * ValueCodec<Cart> java = ValueCodec.serializable(Cart.class, "com.example.cart.**");
 * }</pre>
 *
 * @param <V> the value type
 */
public interface ValueCodec<V> {

  /** The bytes of a value. */
  byte[] encode(V value);

  /**
   * The value back from bytes this codec (or an earlier version of it) wrote.
   *
   * @throws UnreadableValueException when the bytes cannot be read; the cache then treats the entry
   *     as a miss and logs a WARN
   */
  V decode(byte[] bytes);

  /** Strings as UTF-8 (the default). */
  static ValueCodec<String> string() {
    return SimpleCodecs.STRING;
  }

  /** Byte arrays as they are. */
  static ValueCodec<byte[]> bytes() {
    return SimpleCodecs.BYTES;
  }

  /**
   * Java serialization, reading through an {@link java.io.ObjectInputFilter} allow-list: JDK value
   * types and collections, {@code type} itself and the given entries. An entry names a class
   * ({@code com.example.Cart}), a package ({@code com.example.*}) or a package tree ({@code
   * com.example.**}). A class outside the list is refused before it is initialised, and the entry
   * is a miss.
   *
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when an entry is blank or a bare wildcard
   */
  static <V extends Serializable> ValueCodec<V> serializable(
      Class<V> type, String... allowListEntries) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(allowListEntries, "allowListEntries");
    List<String> entries = new ArrayList<>(Arrays.asList(allowListEntries));
    entries.add(type.getName());
    return new SerializableValueCodec<>(type, SerialAllowList.of(entries));
  }

  /**
   * Java serialization of any value whose classes are on the allow-list (JDK value types and
   * collections plus the given entries).
   *
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when an entry is blank or a bare wildcard
   */
  static ValueCodec<Object> serializable(Collection<String> allowListEntries) {
    Objects.requireNonNull(allowListEntries, "allowListEntries");
    return new SerializableValueCodec<>(Object.class, SerialAllowList.of(allowListEntries));
  }

  /**
   * JSON with a default Jackson {@code ObjectMapper}. Needs {@code
   * com.fasterxml.jackson.core:jackson-databind} on the classpath (an optional dependency of
   * Stickless). For an application's own {@code ObjectMapper}, see {@link JsonValueCodecs}.
   *
   * @throws NullPointerException when {@code type} is null
   * @throws IllegalStateException when Jackson is not on the classpath
   */
  static <V> ValueCodec<V> json(Class<V> type) {
    Objects.requireNonNull(type, "type");
    try {
      Class.forName(
          "com.fasterxml.jackson.databind.ObjectMapper", false, ValueCodec.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalStateException(
          "ValueCodec.json needs Jackson: add com.fasterxml.jackson.core:jackson-databind to the"
              + " application's dependencies",
          e);
    }
    return JacksonValueCodec.create(type);
  }
}
