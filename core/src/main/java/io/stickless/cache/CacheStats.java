package io.stickless.cache;

import io.stickless.DynamoDbUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link TtlCache} has done since it was built. Immutable snapshot; thread-safe.
 *
 * <p>Every key looked up by {@code getIfPresent}, {@code get}, {@code getAllPresent} or {@code
 * getAll} counts as one hit (a live value was found, in the near cache or the table, or another
 * caller's load was shared) or one miss. A call of a {@code getAll} mapping function counts as one
 * load (or load failure), however many keys it loads. {@link #toMap()} gives the same numbers as a
 * plain map, for logging or a metrics registry.
 */
public final class CacheStats {

  private final long hits;
  private final long misses;
  private final long nearCacheHits;
  private final long loads;
  private final long loadFailures;
  private final long unreadableValues;
  private final DynamoDbUsage dynamoDbUsage;

  /** A snapshot of these counts. */
  public CacheStats(
      long hits,
      long misses,
      long nearCacheHits,
      long loads,
      long loadFailures,
      long unreadableValues,
      DynamoDbUsage dynamoDbUsage) {
    this.hits = hits;
    this.misses = misses;
    this.nearCacheHits = nearCacheHits;
    this.loads = loads;
    this.loadFailures = loadFailures;
    this.unreadableValues = unreadableValues;
    this.dynamoDbUsage = Objects.requireNonNull(dynamoDbUsage, "dynamoDbUsage");
  }

  /** Lookups that found a live value (near-cache hits included). */
  public long hits() {
    return hits;
  }

  /** Lookups that found no live value. */
  public long misses() {
    return misses;
  }

  /** Hits answered by the near cache without a DynamoDB call. */
  public long nearCacheHits() {
    return nearCacheHits;
  }

  /** Loader calls that returned (a value or {@code null}). */
  public long loads() {
    return loads;
  }

  /** Loader calls that threw. */
  public long loadFailures() {
    return loadFailures;
  }

  /** Stored values that could not be decoded and were treated as misses. */
  public long unreadableValues() {
    return unreadableValues;
  }

  /** Hits divided by lookups; {@code 1.0} when there was no lookup. */
  public double hitRate() {
    long lookups = hits + misses;
    return lookups == 0 ? 1.0 : (double) hits / lookups;
  }

  /** DynamoDB calls and the read and write capacity units they consumed. */
  public DynamoDbUsage dynamoDbUsage() {
    return dynamoDbUsage;
  }

  /**
   * The counts as a plain, ordered map: {@code hits}, {@code misses}, {@code nearCacheHits}, {@code
   * loads}, {@code loadFailures}, {@code unreadableValues}, {@code dynamoDbCalls}, {@code
   * readUnits}, {@code writeUnits}.
   */
  public Map<String, Number> toMap() {
    Map<String, Number> map = new LinkedHashMap<>();
    map.put("hits", hits);
    map.put("misses", misses);
    map.put("nearCacheHits", nearCacheHits);
    map.put("loads", loads);
    map.put("loadFailures", loadFailures);
    map.put("unreadableValues", unreadableValues);
    map.put("dynamoDbCalls", dynamoDbUsage.totalCalls());
    map.put("readUnits", dynamoDbUsage.readUnits());
    map.put("writeUnits", dynamoDbUsage.writeUnits());
    return java.util.Collections.unmodifiableMap(map);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CacheStats other
        && hits == other.hits
        && misses == other.misses
        && nearCacheHits == other.nearCacheHits
        && loads == other.loads
        && loadFailures == other.loadFailures
        && unreadableValues == other.unreadableValues
        && dynamoDbUsage.equals(other.dynamoDbUsage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        hits, misses, nearCacheHits, loads, loadFailures, unreadableValues, dynamoDbUsage);
  }

  @Override
  public String toString() {
    return "CacheStats" + toMap();
  }
}
