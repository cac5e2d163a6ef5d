package io.stickless.examples.gallery;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the request on the current thread has cost so far: DynamoDB calls by operation, the capacity
 * units DynamoDB reported for them, and SQL queries. {@link CostFilter} opens one per request; the
 * {@link DynamoDbCallCounter} interceptor and {@link GalleryDb} add to it. The SDK's sync client
 * runs a call on the caller's thread, and the demo's servlets are synchronous, so the thread is the
 * request.
 */
final class RequestCost {

  /** Whether a DynamoDB call reads or writes (which capacity it consumes). */
  enum Kind {
    READ,
    WRITE
  }

  private static final ThreadLocal<RequestCost> CURRENT = new ThreadLocal<>();

  private final Map<String, Integer> calls = new TreeMap<>();
  private final Map<Kind, Double> units = new EnumMap<>(Kind.class);
  private int sqlQueries;

  /** Starts counting for the current thread; {@link #end()} stops. */
  static RequestCost begin() {
    RequestCost cost = new RequestCost();
    CURRENT.set(cost);
    return cost;
  }

  static void end() {
    CURRENT.remove();
  }

  /** The current thread's cost, or a throwaway one outside a request (start-up, console). */
  static RequestCost current() {
    RequestCost cost = CURRENT.get();
    return cost != null ? cost : new RequestCost();
  }

  void dynamoDbCall(String operation, Kind kind, double capacityUnits) {
    calls.merge(operation, 1, Integer::sum);
    units.merge(kind, capacityUnits, Double::sum);
  }

  void sqlQuery() {
    sqlQueries++;
  }

  int dynamoDbCalls() {
    return calls.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Calls of one operation, e.g. {@code GetItem}. */
  int calls(String operation) {
    return calls.getOrDefault(operation, 0);
  }

  double readUnits() {
    return units.getOrDefault(Kind.READ, 0.0);
  }

  double writeUnits() {
    return units.getOrDefault(Kind.WRITE, 0.0);
  }

  int sqlQueries() {
    return sqlQueries;
  }

  /** E.g. {@code GetItem ×2, UpdateItem ×1}, or {@code none}. */
  String callsByOperation() {
    if (calls.isEmpty()) {
      return "none";
    }
    return calls.entrySet().stream()
        .map(e -> e.getKey() + " ×" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
