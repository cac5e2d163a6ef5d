package io.stickless.examples.gallery;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/**
 * Adds every DynamoDB call a node's client makes to the current request's {@link RequestCost}, with
 * the capacity DynamoDB reported (Stickless asks for {@code ReturnConsumedCapacity=TOTAL} on every
 * call). Counting at the client rather than from the store's and cache's {@code DynamoDbUsage}
 * snapshots keeps concurrent requests apart: a snapshot difference would include other requests'
 * calls made meanwhile.
 */
final class DynamoDbCallCounter implements ExecutionInterceptor {

  private static final Set<String> WRITES =
      Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    RequestCost.current().dynamoDbCall(operation, kind(operation), units(context.response()));
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    RequestCost.current().dynamoDbCall(operation, kind(operation), 0);
  }

  private static RequestCost.Kind kind(String operation) {
    return WRITES.contains(operation) ? RequestCost.Kind.WRITE : RequestCost.Kind.READ;
  }

  private static double units(SdkResponse response) {
    // single-item operations answer one ConsumedCapacity, batch operations a list of them
    double sum = 0;
    for (Object c :
        response
            .getValueForField("ConsumedCapacity", Object.class)
            .map(v -> v instanceof List<?> list ? list : List.of(v))
            .orElse(List.of())) {
      if (c instanceof ConsumedCapacity capacity && capacity.capacityUnits() != null) {
        sum += capacity.capacityUnits();
      }
    }
    return sum;
  }
}
