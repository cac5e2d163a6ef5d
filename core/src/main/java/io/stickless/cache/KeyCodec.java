package io.stickless.cache;

import java.util.Objects;

/**
 * Turns a cache key into the string stored after the cache's prefix ({@code cache:<name>:}).
 * Distinct keys must encode to distinct strings, and keys that are {@code equals} must encode to
 * the same string. The encoded key must not be empty, and the whole stored key must fit in
 * DynamoDB's 2048-byte key limit.
 *
 * <pre>{@code
 * KeyCodec<UUID> byId = UUID::toString;
 * }</pre>
 *
 * @param <K> the key type
 */
@FunctionalInterface
public interface KeyCodec<K> {

  /** The encoded key; must not return {@code null}. */
  String encode(K key);

  /** Strings as they are (the default). */
  static KeyCodec<String> string() {
    return key -> key;
  }

  /** Any key by its {@code toString()}, for keys whose string form is unique (numbers, UUIDs). */
  static <K> KeyCodec<K> usingToString() {
    return key -> Objects.requireNonNull(key, "key").toString();
  }
}
