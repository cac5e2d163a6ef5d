package io.stickless.cache;

import io.stickless.SticklessException;

/**
 * A cache entry would exceed DynamoDB's 400 KB item limit even after compression. Thrown before any
 * call to DynamoDB; the message names the cache key and the size.
 */
public class ValueTooLargeException extends SticklessException {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final long itemBytes;

  /** An exception for the entry with this stored key and item size. */
  public ValueTooLargeException(String key, long itemBytes, long maxItemBytes) {
    super(
        "Cache entry '"
            + key
            + "' would be "
            + itemBytes
            + " bytes, over DynamoDB's item limit of "
            + maxItemBytes
            + " bytes (after compression): store a smaller value, split it, or keep it elsewhere"
            + " (e.g. S3) and cache a reference");
    this.key = key;
    this.itemBytes = itemBytes;
  }

  /** The stored key ({@code cache:<name>:<encoded key>}). */
  public String key() {
    return key;
  }

  /** The size the item would have had, as DynamoDB counts it. */
  public long itemBytes() {
    return itemBytes;
  }
}
