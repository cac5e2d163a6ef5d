package io.stickless;

import io.stickless.internal.UsageRecorder;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a Stickless component has sent to DynamoDB: calls by operation and the read and write
 * capacity units DynamoDB reported as consumed (every call asks for {@code
 * ReturnConsumedCapacity=TOTAL}). Immutable snapshot; thread-safe.
 *
 * <p>On DynamoDB, capacity is what you pay for: on-demand tables bill reads per 4 KB of the whole
 * item (strongly consistent: 1 unit, eventually consistent: 0.5) and writes per 1 KB of the whole
 * item, even for an {@code UpdateItem} that changes one attribute.
 */
public final class DynamoDbUsage {

  /** The DynamoDB operations Stickless sends. */
  public enum Operation {
    GET_ITEM,
    PUT_ITEM,
    UPDATE_ITEM,
    DELETE_ITEM,
    BATCH_GET_ITEM,
    BATCH_WRITE_ITEM,
    QUERY
  }

  private static final DynamoDbUsage NONE = new DynamoDbUsage(new EnumMap<>(Operation.class), 0, 0);

  static {
    // The counters live in a package the module does not export; they reach the constructor
    // through this factory rather than through a public constructor no user needs.
    UsageRecorder.snapshotFactory(DynamoDbUsage::new);
  }

  private final Map<Operation, Long> calls;
  private final double readUnits;
  private final double writeUnits;

  /** A snapshot; {@code calls} is copied. */
  DynamoDbUsage(Map<Operation, Long> calls, double readUnits, double writeUnits) {
    EnumMap<Operation, Long> copy = new EnumMap<>(Operation.class);
    copy.putAll(Objects.requireNonNull(calls, "calls"));
    this.calls = Collections.unmodifiableMap(copy);
    this.readUnits = readUnits;
    this.writeUnits = writeUnits;
  }

  /** Usage of a component that has made no call. */
  public static DynamoDbUsage none() {
    return NONE;
  }

  /** Calls of one operation (retries of unprocessed batch items count as calls). */
  public long calls(Operation operation) {
    return calls.getOrDefault(operation, 0L);
  }

  /** Calls by operation; operations never called are absent. */
  public Map<Operation, Long> callsByOperation() {
    return calls;
  }

  /** All calls, every operation. */
  public long totalCalls() {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Calls that write: put, update, delete and batch write. */
  public long writeCalls() {
    return calls(Operation.PUT_ITEM)
        + calls(Operation.UPDATE_ITEM)
        + calls(Operation.DELETE_ITEM)
        + calls(Operation.BATCH_WRITE_ITEM);
  }

  /** Read capacity units DynamoDB reported as consumed. */
  public double readUnits() {
    return readUnits;
  }

  /** Write capacity units DynamoDB reported as consumed. */
  public double writeUnits() {
    return writeUnits;
  }

  /** The usage since {@code earlier}, a snapshot of the same component taken before this one. */
  public DynamoDbUsage minus(DynamoDbUsage earlier) {
    EnumMap<Operation, Long> diff = new EnumMap<>(Operation.class);
    for (Operation op : Operation.values()) {
      long d = calls(op) - earlier.calls(op);
      if (d != 0) {
        diff.put(op, d);
      }
    }
    return new DynamoDbUsage(diff, readUnits - earlier.readUnits, writeUnits - earlier.writeUnits);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DynamoDbUsage other
        && calls.equals(other.calls)
        && Double.compare(readUnits, other.readUnits) == 0
        && Double.compare(writeUnits, other.writeUnits) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(calls, readUnits, writeUnits);
  }

  @Override
  public String toString() {
    return "DynamoDbUsage{calls="
        + calls
        + ", readUnits="
        + readUnits
        + ", writeUnits="
        + writeUnits
        + "}";
  }
}
