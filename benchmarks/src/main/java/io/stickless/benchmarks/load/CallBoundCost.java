package io.stickless.benchmarks.load;

import io.stickless.testing.LocalDynamoDb;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The CPU one DynamoDB call costs this JVM (the caller, the SDK's timer threads, the HTTP client;
 * dynalite runs in another process) for each way of bounding its time ({@link CallBound}): a
 * strongly consistent {@code GetItem} and an {@code UpdateItem} of a 2 KB item, in rounds that
 * alternate the variants so a busy machine disturbs all alike; the median round is printed.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.stickless.benchmarks.load.CallBoundCost [calls] [rounds]
 * </pre>
 */
public final class CallBoundCost {

  private CallBoundCost() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (LocalDynamoDb dynamoDb = LocalDynamoDb.start()) {
      URI endpoint = dynamoDb.endpoint();
      String table = LocalDynamoDb.uniqueTableName("call-bound");
      Map<CallBound, DynamoDbClient> clients = new EnumMap<>(CallBound.class);
      for (CallBound bound : CallBound.values()) {
        clients.put(
            bound,
            BenchApp.client(
                new BenchApp.Config(
                    BenchApp.Sessions.STICKLESS, BenchApp.Touch.DEFAULT, bound, 0, endpoint, table),
                new UsageByType()));
      }
      io.stickless.table.DynamoDbTables.prepare(
          clients.get(CallBound.NONE),
          io.stickless.table.TableSpec.of(table),
          io.stickless.table.TableMode.CREATE);
      GetItemRequest get = RawItem.put(clients.get(CallBound.NONE), table, "bench:call-bound");
      Map<String, AttributeValue> key = get.key();
      UpdateItemRequest update =
          UpdateItemRequest.builder()
              .tableName(table)
              .key(key)
              .updateExpression("SET n = :n")
              .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("1")))
              .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
              .build();
      Map<CallBound, long[]> getNanos = new EnumMap<>(CallBound.class);
      Map<CallBound, long[]> updateNanos = new EnumMap<>(CallBound.class);
      for (CallBound bound : CallBound.values()) {
        getNanos.put(bound, new long[rounds]);
        updateNanos.put(bound, new long[rounds]);
        DynamoDbClient c = clients.get(bound);
        for (int i = 0; i < 3 * calls; i++) { // warm-up: the JIT settles on every variant's path
          c.getItem(get);
          c.updateItem(update);
        }
      }
      for (int r = 0; r < rounds; r++) {
        for (CallBound bound : CallBound.values()) {
          DynamoDbClient c = clients.get(bound);
          long cpu0 = os.getProcessCpuTime();
          for (int i = 0; i < calls; i++) {
            c.getItem(get);
          }
          long cpu1 = os.getProcessCpuTime();
          for (int i = 0; i < calls; i++) {
            c.updateItem(update);
          }
          long cpu2 = os.getProcessCpuTime();
          getNanos.get(bound)[r] = (cpu1 - cpu0) / calls;
          updateNanos.get(bound)[r] = (cpu2 - cpu1) / calls;
        }
      }
      StringBuilder out =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "| call bound | CPU per GetItem | CPU per UpdateItem | (median of %d rounds of"
                      + " %,d calls) |%n|---|---:|---:|---|%n",
                  rounds,
                  calls));
      for (CallBound bound : CallBound.values()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.1f µs | %.1f µs | |%n",
                bound.name().toLowerCase(Locale.ROOT),
                median(getNanos.get(bound)) / 1e3,
                median(updateNanos.get(bound)) / 1e3));
      }
      System.out.println(out);
      clients.values().forEach(DynamoDbClient::close);
    }
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
