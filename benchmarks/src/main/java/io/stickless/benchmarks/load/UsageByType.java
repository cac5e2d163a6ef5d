package io.stickless.benchmarks.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts the DynamoDB calls and consumed capacity of the app's client by the type of the request
 * being served on the calling thread (the sync client calls interceptors on that thread), so the
 * cost of a read-only request is told from that of a write even when both run at once. Reads the
 * {@code ConsumedCapacity} the store asks for on every call.
 */
final class UsageByType implements ExecutionInterceptor {

  /** Totals of one request type. Thread-safe. */
  static final class Totals {
    final LongAdder requests = new LongAdder();
    final LongAdder calls = new LongAdder();
    final LongAdder writeCalls = new LongAdder();
    final DoubleAdder readUnits = new DoubleAdder();
    final DoubleAdder writeUnits = new DoubleAdder();
  }

  private final ThreadLocal<RequestType> serving = new ThreadLocal<>();
  private final Map<RequestType, Totals> totals = new EnumMap<>(RequestType.class);

  UsageByType() {
    for (RequestType t : RequestType.values()) {
      totals.put(t, new Totals());
    }
  }

  void enter(RequestType type) {
    serving.set(type);
    totals.get(type).requests.increment();
  }

  void exit() {
    serving.remove();
  }

  Totals totals(RequestType type) {
    return totals.get(type);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    Totals t = current();
    if (t == null) {
      return;
    }
    t.calls.increment();
    SdkResponse response = context.response();
    if (response instanceof GetItemResponse r) {
      add(t, r.consumedCapacity(), false);
    } else if (response instanceof PutItemResponse r) {
      t.writeCalls.increment();
      add(t, r.consumedCapacity(), true);
    } else if (response instanceof UpdateItemResponse r) {
      t.writeCalls.increment();
      add(t, r.consumedCapacity(), true);
    } else if (response instanceof DeleteItemResponse r) {
      t.writeCalls.increment();
      add(t, r.consumedCapacity(), true);
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    // a failed condition is a call too (DynamoDB bills it; dynalite reports no capacity for it)
    Totals t = current();
    if (t != null) {
      t.calls.increment();
    }
  }

  private Totals current() {
    RequestType type = serving.get();
    return type == null ? null : totals.get(type);
  }

  private static void add(Totals t, ConsumedCapacity c, boolean isWrite) {
    if (c == null) {
      return;
    }
    if (c.readCapacityUnits() != null || c.writeCapacityUnits() != null) {
      if (c.readCapacityUnits() != null) {
        t.readUnits.add(c.readCapacityUnits());
      }
      if (c.writeCapacityUnits() != null) {
        t.writeUnits.add(c.writeCapacityUnits());
      }
    } else if (c.capacityUnits() != null) {
      (isWrite ? t.writeUnits : t.readUnits).add(c.capacityUnits());
    }
  }
}
