package io.stickless.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.stickless.DynamoDbUsage;
import java.util.Locale;
import java.util.function.Function;

/** The DynamoDB meters every component has: calls by operation, consumed read and write units. */
final class DynamoDbUsageMeters {

  static final String CALLS = "stickless.dynamodb.calls";
  static final String CAPACITY = "stickless.dynamodb.capacity.units";

  private DynamoDbUsageMeters() {}

  /**
   * Binds the meters of {@code component}. Micrometer holds {@code component} weakly, so it must be
   * the long-lived store or cache itself, not a lambda made for the occasion.
   */
  static <T> void bind(
      MeterRegistry registry, Tags tags, T component, Function<T, DynamoDbUsage> usage) {
    for (DynamoDbUsage.Operation operation : DynamoDbUsage.Operation.values()) {
      FunctionCounter.builder(CALLS, component, c -> usage.apply(c).calls(operation))
          .tags(tags.and("operation", operation.name().toLowerCase(Locale.ROOT)))
          .description("Calls sent to DynamoDB")
          .register(registry);
    }
    FunctionCounter.builder(CAPACITY, component, c -> usage.apply(c).readUnits())
        .tags(tags.and("kind", "read"))
        .description("Capacity units DynamoDB reported as consumed (ReturnConsumedCapacity)")
        .register(registry);
    FunctionCounter.builder(CAPACITY, component, c -> usage.apply(c).writeUnits())
        .tags(tags.and("kind", "write"))
        .description("Capacity units DynamoDB reported as consumed (ReturnConsumedCapacity)")
        .register(registry);
  }
}
