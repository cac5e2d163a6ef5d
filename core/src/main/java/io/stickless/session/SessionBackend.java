package io.stickless.session;

import io.stickless.DynamoDbUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Where items live: DynamoDB, or a map that behaves like it. Items are DynamoDB items in both. */
interface SessionBackend {

  /** {@link #update} did not apply: the item is gone, expired, or another condition failed. */
  long NOT_APPLIED = -1;

  /** {@link #update} applied a delta that leaves the version as it was. */
  long VERSION_UNCHANGED = 0;

  /** The item (expired or not), or null; read as the store is configured to read. */
  @Nullable Map<String, AttributeValue> get(String key);

  /**
   * The item (expired or not), or null; strongly consistent when {@code consistent}, otherwise it
   * may be an older state of the item (or missing while the item exists).
   */
  default @Nullable Map<String, AttributeValue> get(String key, boolean consistent) {
    return get(key);
  }

  /** Writes the item unless one with its key exists; false when one does. */
  boolean putIfAbsent(Map<String, AttributeValue> item);

  /**
   * Applies the delta if the item exists, its TTL lies after {@code nowEpochSecond} and (when
   * {@code delta.expectedVersion()} is set) its version is that one, (when {@code
   * delta.expectedIdle()} is set) its idle is that one. Returns the item's version after the update
   * when the delta bumps it (exact even when other requests bump it concurrently), {@link
   * #VERSION_UNCHANGED} when the delta applied without bumping it, {@link #NOT_APPLIED} when a
   * condition failed.
   *
   * @throws SessionTooLargeException when the item would grow past DynamoDB's 400 KB limit (other
   *     requests may have added to it since this one read it)
   */
  long update(String key, Delta delta, long nowEpochSecond);

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
   * One save's changes: {@link #of(Map) the top-level fields to SET}, refined by the {@code
   * with...} and {@code if...} methods so a call site names what it sends. Built by the save that
   * sends it, then only read.
   */
  final class Delta {

    private final Map<String, AttributeValue> fields;
    private Map<String, AttributeValue> setAttributes = Map.of();
    private Set<String> removeAttributes = Set.of();
    private @Nullable Map<String, AttributeValue> replaceAttributes;
    private boolean removePrincipal;
    private boolean bumpVersion;
    private @Nullable Long expectedVersion;
    private @Nullable Long expectedIdle;

    private Delta(Map<String, AttributeValue> fields) {
      this.fields = fields;
    }

    /** SETs these top-level attributes (accessed, ttl, idle, principal, ver), on any version. */
    static Delta of(Map<String, AttributeValue> fields) {
      return new Delta(fields);
    }

    /** Also SETs and REMOVEs these entries of the attribute map. */
    Delta withAttributes(Map<String, AttributeValue> set, Set<String> remove) {
      this.setAttributes = set;
      this.removeAttributes = remove;
      return this;
    }

    /** SETs the whole attribute map instead of entries (null: entries, as given). */
    Delta withAllAttributes(@Nullable Map<String, AttributeValue> all) {
      this.replaceAttributes = all;
      return this;
    }

    /** Also REMOVEs the principal when {@code remove}. */
    Delta withPrincipalRemoved(boolean remove) {
      this.removePrincipal = remove;
      return this;
    }

    /** Also adds one to the version when {@code bump}. */
    Delta withVersionBumped(boolean bump) {
      this.bumpVersion = bump;
      return this;
    }

    /** Applies only if the item's version is {@code version} (null: any). */
    Delta ifVersion(@Nullable Long version) {
      this.expectedVersion = version;
      return this;
    }

    /** Applies only if the item's idle (max inactive seconds) is {@code idle} (null: any). */
    Delta ifIdle(@Nullable Long idle) {
      this.expectedIdle = idle;
      return this;
    }

    Map<String, AttributeValue> fields() {
      return fields;
    }

    Map<String, AttributeValue> setAttributes() {
      return setAttributes;
    }

    Set<String> removeAttributes() {
      return removeAttributes;
    }

    @Nullable Map<String, AttributeValue> replaceAttributes() {
      return replaceAttributes;
    }

    boolean removePrincipal() {
      return removePrincipal;
    }

    boolean bumpVersion() {
      return bumpVersion;
    }

    @Nullable Long expectedVersion() {
      return expectedVersion;
    }

    @Nullable Long expectedIdle() {
      return expectedIdle;
    }
  }
}
