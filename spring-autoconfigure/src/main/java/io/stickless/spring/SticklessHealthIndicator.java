package io.stickless.spring;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Health of the Stickless table, contributed as {@code stickless}: UP with the table's name and
 * status when a {@code DescribeTable} answers, DOWN with the error otherwise. The answer is reused
 * for {@code stickless.health.cache-duration} (10 seconds by default), so frequent probes cost at
 * most one call per interval; {@code DescribeTable} consumes no read capacity. Turn it off with
 * {@code management.health.stickless.enabled=false}.
 */
public final class SticklessHealthIndicator implements HealthIndicator {

  private final SticklessTable table;
  private final Duration cacheDuration;
  private final Clock clock;
  private final Object lock = new Object();
  private @Nullable Health last;
  private Instant checkedAt = Instant.MIN;

  SticklessHealthIndicator(SticklessTable table, Duration cacheDuration, Clock clock) {
    this.table = requireNonNull(table, "table");
    this.cacheDuration = requireNonNull(cacheDuration, "cacheDuration");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public Health health() {
    synchronized (lock) {
      Instant now = clock.instant();
      if (last != null && now.isBefore(checkedAt.plus(cacheDuration))) {
        return last;
      }
      last = check();
      checkedAt = now;
      return last;
    }
  }

  private Health check() {
    String name = table.spec().tableName();
    try {
      TableDescription description = table.client().describeTable(b -> b.tableName(name)).table();
      return Health.up()
          .withDetail("table", name)
          .withDetail("status", description.tableStatusAsString())
          .build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("table", name).withException(e).build();
    }
  }
}
