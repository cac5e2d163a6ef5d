package io.stickless.examples.mysfits;

import java.util.Map;

/**
 * What a load wrote.
 *
 * @param puts items put, by table
 * @param deletes items deleted, by table
 * @param calls {@code BatchWriteItem} calls made, retries of unprocessed items included
 * @param retriedItems requests DynamoDB answered as unprocessed and that were sent again
 * @param writeUnits write capacity units DynamoDB reported as consumed
 */
public record LoadReport(
    Map<String, Integer> puts,
    Map<String, Integer> deletes,
    int calls,
    int retriedItems,
    double writeUnits) {

  public LoadReport {
    puts = Map.copyOf(puts);
    deletes = Map.copyOf(deletes);
  }

  /** Items put and deleted, over all tables. */
  public int total() {
    return puts.values().stream().mapToInt(Integer::intValue).sum()
        + deletes.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    puts.keySet().stream()
        .sorted()
        .forEach(
            t ->
                text.append(
                    String.format(
                        "%s: %d put, %d deleted%n", t, puts.get(t), deletes.getOrDefault(t, 0))));
    deletes.keySet().stream()
        .filter(t -> !puts.containsKey(t))
        .sorted()
        .forEach(t -> text.append(String.format("%s: 0 put, %d deleted%n", t, deletes.get(t))));
    return text.append(
            String.format(
                "%d BatchWriteItem calls, %d unprocessed items retried, %.1f write units",
                calls, retriedItems, writeUnits))
        .toString();
  }
}
