package io.stickless.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.stickless.DynamoDbUsage;
import java.util.Locale;
import java.util.function.Supplier;

/** The DynamoDB meters every component has: calls by operation, consumed read and write units. */
final class DynamoDbUsageMeters {

  static final String CALLS = "stickless.dynamodb.calls";
  static final String CAPACITY = "stickless.dynamodb.capacity.units";

  private DynamoDbUsageMeters() {}

  static void bind(MeterRegistry registry, Tags tags, Supplier<DynamoDbUsage> usage) {
    for (DynamoDbUsage.Operation operation : DynamoDbUsage.Operation.values()) {
      FunctionCounter.builder(CALLS, usage, u -> u.get().calls(operation))
          .tags(tags.and("operation", operation.name().toLowerCase(Locale.ROOT)))
          .description("Calls sent to DynamoDB")
          .register(registry);
    }
    FunctionCounter.builder(CAPACITY, usage, u -> u.get().readUnits())
        .tags(tags.and("kind", "read"))
        .description("Capacity units DynamoDB reported as consumed (ReturnConsumedCapacity)")
        .register(registry);
    FunctionCounter.builder(CAPACITY, usage, u -> u.get().writeUnits())
        .tags(tags.and("kind", "write"))
        .description("Capacity units DynamoDB reported as consumed (ReturnConsumedCapacity)")
        .register(registry);
  }
}
