package io.stickless.examples.mysfits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes validated {@link RequestItems} with {@code BatchWriteItem}: at most 25 requests per call
 * (DynamoDB's limit), items DynamoDB answers as unprocessed sent again after an exponential,
 * jittered backoff (the SDK's {@link BackoffStrategy}). Throttling and server errors of a call are
 * retried by the SDK's own retry strategy; unprocessed items are not, so this class does it.
 */
public final class BatchWriter {

  /** DynamoDB's limit of requests in one {@code BatchWriteItem}. */
  public static final int MAX_BATCH = 25;

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
  private static final int MAX_ATTEMPTS_WITHOUT_PROGRESS = 8;

  private final DynamoDbClient dynamoDb;
  private final BackoffStrategy backoff;

  /** A writer using this client (not closed by the writer). */
  public BatchWriter(DynamoDbClient dynamoDb) {
    this(dynamoDb, BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofSeconds(5)));
  }

  BatchWriter(DynamoDbClient dynamoDb, BackoffStrategy backoff) {
    this.dynamoDb = requireNonNull(dynamoDb, "dynamoDb");
    this.backoff = requireNonNull(backoff, "backoff");
  }

  /**
   * Writes every request, table by table in file order.
   *
   * @throws IllegalStateException when some items stay unprocessed after 8 attempts in a row that
   *     processed none of them (the table is throttled or overloaded); earlier batches are written
   * @throws software.amazon.awssdk.core.exception.SdkException when a call fails (a table missing,
   *     no permission, DynamoDB unreachable); earlier batches are written
   */
  public LoadReport write(RequestItems items) {
    Map<String, Integer> puts = new HashMap<>();
    Map<String, Integer> deletes = new HashMap<>();
    int[] calls = {0};
    int[] retried = {0};
    double[] units = {0};
    for (String table : items.tables()) {
      List<WriteRequest> requests = items.requests(table);
      for (int from = 0; from < requests.size(); from += MAX_BATCH) {
        List<WriteRequest> batch =
            requests.subList(from, Math.min(requests.size(), from + MAX_BATCH));
        writeBatch(table, batch, calls, retried, units);
        for (WriteRequest request : batch) {
          (request.putRequest() != null ? puts : deletes).merge(table, 1, Integer::sum);
        }
      }
    }
    LoadReport report = new LoadReport(puts, deletes, calls[0], retried[0], units[0]);
    LOG.info("Loaded request items: {}", report);
    return report;
  }

  private void writeBatch(
      String table, List<WriteRequest> batch, int[] calls, int[] retried, double[] units) {
    List<WriteRequest> pending = batch;
    int withoutProgress = 0;
    while (!pending.isEmpty()) {
      if (withoutProgress >= MAX_ATTEMPTS_WITHOUT_PROGRESS) {
        throw new IllegalStateException(
            pending.size()
                + " items for table '"
                + table
                + "' stayed unprocessed after "
                + MAX_ATTEMPTS_WITHOUT_PROGRESS
                + " attempts without progress: the table is throttled or overloaded. Earlier"
                + " batches were written; load the file again later (puts are idempotent)");
      }
      if (pending != batch) {
        sleep(backoff.computeDelay(withoutProgress + 1));
        retried[0] += pending.size();
      }
      List<WriteRequest> sending = pending;
      BatchWriteItemResponse response =
          dynamoDb.batchWriteItem(
              b ->
                  b.requestItems(Map.of(table, sending))
                      .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
      calls[0]++;
      for (ConsumedCapacity consumed : response.consumedCapacity()) {
        units[0] += consumed.capacityUnits() == null ? 0 : consumed.capacityUnits();
      }
      List<WriteRequest> left = response.unprocessedItems().getOrDefault(table, List.of());
      withoutProgress = left.size() < pending.size() ? 0 : withoutProgress + 1;
      pending = left;
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while backing off before a retry", e);
    }
  }
}
