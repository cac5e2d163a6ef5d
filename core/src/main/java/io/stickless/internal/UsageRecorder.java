package io.stickless.internal;

import io.stickless.DynamoDbUsage;
import io.stickless.DynamoDbUsage.Operation;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/**
 * Thread-safe counters of DynamoDB calls and consumed capacity, written by {@link DynamoDbCalls}.
 * Internal: not part of the Stickless API.
 */
public final class UsageRecorder {

  /** Builds a {@link DynamoDbUsage}, whose constructor is package-private. */
  @FunctionalInterface
  public interface SnapshotFactory {
    DynamoDbUsage create(Map<Operation, Long> calls, double readUnits, double writeUnits);
  }

  private static volatile @Nullable SnapshotFactory snapshotFactory;

  /**
   * Called once, by {@link DynamoDbUsage}'s static initializer.
   *
   * @throws IllegalStateException when a factory is already set
   */
  public static synchronized void snapshotFactory(SnapshotFactory factory) {
    if (snapshotFactory != null) {
      throw new IllegalStateException("The DynamoDbUsage factory is already set");
    }
    snapshotFactory = Objects.requireNonNull(factory, "factory");
  }

  private final EnumMap<Operation, LongAdder> calls = new EnumMap<>(Operation.class);
  private final DoubleAdder readUnits = new DoubleAdder();
  private final DoubleAdder writeUnits = new DoubleAdder();

  public UsageRecorder() {
    for (Operation op : Operation.values()) {
      calls.put(op, new LongAdder());
    }
  }

  void call(Operation operation) {
    calls.get(operation).increment();
  }

  /**
   * Counts a call DynamoDB would have received and the units it would have billed: for in-memory
   * stand-ins that report the usage their DynamoDB counterpart would have.
   */
  public void simulated(Operation operation, double units, boolean isWrite) {
    call(operation);
    (isWrite ? writeUnits : readUnits).add(units);
  }

  void consumed(ConsumedCapacity capacity, boolean isWrite) {
    if (capacity == null) {
      return;
    }
    // Provisioned tables split read and write units; on-demand ones may report only the total.
    if (capacity.readCapacityUnits() != null || capacity.writeCapacityUnits() != null) {
      if (capacity.readCapacityUnits() != null) {
        readUnits.add(capacity.readCapacityUnits());
      }
      if (capacity.writeCapacityUnits() != null) {
        writeUnits.add(capacity.writeCapacityUnits());
      }
    } else if (capacity.capacityUnits() != null) {
      (isWrite ? writeUnits : readUnits).add(capacity.capacityUnits());
    }
  }

  void consumed(List<ConsumedCapacity> capacities, boolean isWrite) {
    if (capacities != null) {
      capacities.forEach(c -> consumed(c, isWrite));
    }
  }

  /** An immutable snapshot of the counters. */
  public DynamoDbUsage snapshot() {
    EnumMap<Operation, Long> copy = new EnumMap<>(Operation.class);
    calls.forEach(
        (op, n) -> {
          long v = n.sum();
          if (v != 0) {
            copy.put(op, v);
          }
        });
    SnapshotFactory factory = snapshotFactory;
    if (factory == null) {
      DynamoDbUsage.none(); // initialises DynamoDbUsage, which sets the factory
      factory = Objects.requireNonNull(snapshotFactory, "DynamoDbUsage did not set its factory");
    }
    return factory.create(copy, readUnits.sum(), writeUnits.sum());
  }
}
