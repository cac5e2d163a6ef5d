package io.stickless.internal;

import io.stickless.BackendUnavailableException;
import io.stickless.DynamoDbUsage.Operation;
import io.stickless.SticklessException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The one DynamoDB access layer of Stickless: every call asks for {@code
 * ReturnConsumedCapacity=TOTAL} and is counted in a {@link UsageRecorder}; batch calls respect
 * DynamoDB's limits and retry unprocessed keys and items with jittered backoff; SDK failures become
 * {@link BackendUnavailableException} (unreachable, throttled past the SDK's retries, server
 * errors) or {@link SticklessException} (a request DynamoDB rejects). {@link
 * ConditionalCheckFailedException} passes through untouched: callers decide what a failed condition
 * means.
 *
 * <p>Retries of single calls are the SDK's job (its retry strategy); this class adds none.
 * Internal: not part of the Stickless API.
 */
public final class DynamoDbCalls {

  /** DynamoDB's limit of keys in one BatchGetItem. */
  public static final int MAX_BATCH_GET = 100;

  /** DynamoDB's limit of requests in one BatchWriteItem. */
  public static final int MAX_BATCH_WRITE = 25;

  static final int MAX_BATCH_ATTEMPTS = 10;
  private static final long BACKOFF_BASE_MILLIS = 20;
  private static final long BACKOFF_CAP_MILLIS = 1_000;

  private final DynamoDbClient client;
  private final UsageRecorder usage;

  public DynamoDbCalls(DynamoDbClient client, UsageRecorder usage) {
    this.client = Objects.requireNonNull(client, "client");
    this.usage = Objects.requireNonNull(usage, "usage");
  }

  public UsageRecorder usage() {
    return usage;
  }

  /** The item, or {@code null} when there is none. Does not look at its TTL: see {@link Expiry}. */
  public @Nullable Map<String, AttributeValue> getItem(GetItemRequest request) {
    GetItemRequest r =
        request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
    GetItemResponse response = call(Operation.GET_ITEM, r.tableName(), () -> client.getItem(r));
    usage.consumed(response.consumedCapacity(), false);
    return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
  }

  public PutItemResponse putItem(PutItemRequest request) {
    PutItemRequest r =
        request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
    PutItemResponse response = call(Operation.PUT_ITEM, r.tableName(), () -> client.putItem(r));
    usage.consumed(response.consumedCapacity(), true);
    return response;
  }

  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    UpdateItemRequest r =
        request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
    UpdateItemResponse response =
        call(Operation.UPDATE_ITEM, r.tableName(), () -> client.updateItem(r));
    usage.consumed(response.consumedCapacity(), true);
    return response;
  }

  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    DeleteItemRequest r =
        request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
    DeleteItemResponse response =
        call(Operation.DELETE_ITEM, r.tableName(), () -> client.deleteItem(r));
    usage.consumed(response.consumedCapacity(), true);
    return response;
  }

  public QueryResponse query(QueryRequest request) {
    QueryRequest r =
        request.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
    QueryResponse response = call(Operation.QUERY, r.tableName(), () -> client.query(r));
    usage.consumed(response.consumedCapacity(), false);
    return response;
  }

  /**
   * Reads the items with these keys, at most {@value #MAX_BATCH_GET} keys per call, retrying
   * unprocessed keys with jittered backoff. Items come back in no particular order; absent keys are
   * missing from the result.
   *
   * @throws BackendUnavailableException when keys stay unprocessed after {@value
   *     #MAX_BATCH_ATTEMPTS} consecutive attempts that processed none of them
   */
  public List<Map<String, AttributeValue>> batchGet(
      String table, List<Map<String, AttributeValue>> keys, boolean consistentRead) {
    List<Map<String, AttributeValue>> found = new ArrayList<>(keys.size());
    inBatches(
        Operation.BATCH_GET_ITEM,
        table,
        "keys",
        keys,
        MAX_BATCH_GET,
        pending -> {
          Map<String, KeysAndAttributes> request = new HashMap<>();
          request.put(
              table,
              KeysAndAttributes.builder().keys(pending).consistentRead(consistentRead).build());
          BatchGetItemResponse response =
              client.batchGetItem(
                  b ->
                      b.requestItems(request).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
          usage.consumed(response.consumedCapacity(), false);
          found.addAll(response.responses().getOrDefault(table, List.of()));
          KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
          return unprocessed == null ? List.of() : unprocessed.keys();
        });
    return found;
  }

  /**
   * Writes these put/delete requests, at most {@value #MAX_BATCH_WRITE} per call, retrying
   * unprocessed items with jittered backoff.
   *
   * @throws BackendUnavailableException when items stay unprocessed after {@value
   *     #MAX_BATCH_ATTEMPTS} consecutive attempts that processed none of them
   */
  public void batchWrite(String table, List<WriteRequest> writes) {
    inBatches(
        Operation.BATCH_WRITE_ITEM,
        table,
        "items",
        writes,
        MAX_BATCH_WRITE,
        pending -> {
          BatchWriteItemResponse response =
              client.batchWriteItem(
                  b ->
                      b.requestItems(Map.of(table, pending))
                          .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
          usage.consumed(response.consumedCapacity(), true);
          return response.unprocessedItems().getOrDefault(table, List.of());
        });
  }

  /**
   * The one batch loop: sends {@code all} in chunks of at most {@code limit}, each chunk's call
   * answering what it left unprocessed, which is sent again after a jittered backoff.
   */
  private <T> void inBatches(
      Operation operation,
      String table,
      String what,
      List<T> all,
      int limit,
      Function<List<T>, List<T>> sendReturningUnprocessed) {
    for (int from = 0; from < all.size(); from += limit) {
      List<T> pending = all.subList(from, Math.min(all.size(), from + limit));
      // The bound counts consecutive calls that processed nothing: a server that answers a few
      // big items per call (dynalite: ~1.4 MB) makes progress and must not hit it.
      int stalled = 0;
      for (int attempt = 1; !pending.isEmpty(); attempt++) {
        if (stalled >= MAX_BATCH_ATTEMPTS) {
          throw new BackendUnavailableException(
              describe(operation, table)
                  + ": "
                  + pending.size()
                  + " "
                  + what
                  + " still unprocessed after "
                  + MAX_BATCH_ATTEMPTS
                  + " attempts without progress (the table is throttled or overloaded); try again"
                  + " later",
              null);
        }
        if (attempt > 1) {
          backoff(stalled + 1);
        }
        List<T> batch = pending;
        List<T> left = call(operation, table, () -> sendReturningUnprocessed.apply(batch));
        stalled = left.size() < pending.size() ? 0 : stalled + 1;
        pending = left;
      }
    }
  }

  /**
   * Whether an SDK failure means DynamoDB is unavailable (unreachable, throttled past the SDK's
   * retries, a server error) rather than that the request was wrong.
   */
  public static boolean isUnavailable(SdkException e) {
    return e instanceof SdkClientException
        || (e instanceof DynamoDbException d
            && (d.statusCode() >= 500 || d.isThrottlingException()));
  }

  private <T> T call(Operation operation, String table, Supplier<T> call) {
    usage.call(operation);
    try {
      return call.get();
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (DynamoDbException e) {
      if (isUnavailable(e)) {
        throw new BackendUnavailableException(
            describe(operation, table)
                + " failed: DynamoDB answered "
                + e.statusCode()
                + " ("
                + e.getMessage()
                + ")",
            e);
      }
      throw new SticklessException(
          describe(operation, table) + " was rejected by DynamoDB: " + e.getMessage(), e);
    } catch (SdkClientException e) {
      throw new BackendUnavailableException(
          describe(operation, table)
              + " could not reach DynamoDB ("
              + e.getMessage()
              + "); check the endpoint, network and credentials",
          e);
    }
  }

  private static String describe(Operation operation, String table) {
    return operation + " on table '" + table + "'";
  }

  private static void backoff(int attempt) {
    long cap = Math.min(BACKOFF_CAP_MILLIS, BACKOFF_BASE_MILLIS << Math.min(attempt, 10));
    long millis = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("Interrupted while backing off a batch retry", e);
    }
  }
}
