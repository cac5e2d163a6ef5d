package io.stickless.session;

import io.stickless.DynamoDbUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Where items live: DynamoDB, or a map that behaves like it. Items are DynamoDB items in both. */
interface SessionBackend {

  /** The item (expired or not), or null. */
  @Nullable Map<String, AttributeValue> get(String key);

  /** Writes the item unless one with its key exists; false when one does. */
  boolean putIfAbsent(Map<String, AttributeValue> item);

  /**
   * Applies the delta if the item exists, its TTL lies after {@code nowEpochSecond} and (when
   * {@code delta.expectedVersion()} is set) its version is that one, (when {@code
   * delta.expectedIdle()} is set) its idle is that one; false otherwise.
   *
   * @throws SessionTooLargeException when the item would grow past DynamoDB's 400 KB limit (other
   *     requests may have added to it since this one read it)
   */
  boolean update(String key, Delta delta, long nowEpochSecond);

  /** Deletes the item; returns the deleted item (null when there was none). */
  @Nullable Map<String, AttributeValue> delete(String key);

  /**
   * Deletes the item if it exists with version {@code expectedVersion}; returns the deleted item,
   * or null when there was none or its version differs (nothing deleted then).
   */
  @Nullable Map<String, AttributeValue> deleteIfVersion(String key, long expectedVersion);

  /** Items whose principal is {@code principal}, in no order. */
  List<Map<String, AttributeValue>> findByPrincipal(String principal);

  DynamoDbUsage usage();

  /**
   * One save's changes.
   *
   * @param fields top-level attributes to SET (accessed, ttl, idle, principal)
   * @param setAttributes attribute map entries to SET
   * @param removeAttributes attribute map entries to REMOVE
   * @param replaceAttributes when not null, the whole attribute map to SET instead of the entries
   * @param removePrincipal whether to REMOVE the principal
   * @param bumpVersion whether to add one to the version
   * @param expectedVersion the version the item must have, or null for any
   * @param expectedIdle the idle (max inactive seconds) the item must have, or null for any
   */
  record Delta(
      Map<String, AttributeValue> fields,
      Map<String, AttributeValue> setAttributes,
      Set<String> removeAttributes,
      @Nullable Map<String, AttributeValue> replaceAttributes,
      boolean removePrincipal,
      boolean bumpVersion,
      @Nullable Long expectedVersion,
      @Nullable Long expectedIdle) {}
}
