package io.stickless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class DynamoDbRequestPathTest {

  @Test
  void theCallIsBoundedByOneSdkTimerAndTheAttemptByNone() {
    try (DynamoDbClient client =
        DynamoDbRequestPath.clientBuilder().region(Region.US_EAST_1).build()) {
      ClientOverrideConfiguration o = client.serviceClientConfiguration().overrideConfiguration();
      assertThat(o.apiCallTimeout()).contains(DynamoDbRequestPath.DEFAULT_CALL_TIMEOUT);
      assertThat(o.apiCallAttemptTimeout()).as("held by the HTTP client, not a timer").isEmpty();
      assertThat(o.retryStrategy()).isPresent();
      assertThat(o.retryStrategy().get().maxAttempts())
          .isEqualTo(DynamoDbRetry.DEFAULT_MAX_ATTEMPTS);
    }
  }

  @Test
  void theRetriesBackoffFitsInsideTheDefaultCallTimeout() {
    assertThat(DynamoDbRetry.maxTotalBackoff(DynamoDbRetry.DEFAULT_MAX_ATTEMPTS))
        .isLessThan(DynamoDbRequestPath.DEFAULT_CALL_TIMEOUT);
  }

  @Test
  void timeoutsMustBePositive() {
    assertThatThrownBy(
            () ->
                DynamoDbRequestPath.clientBuilder(
                    Duration.ZERO, Duration.ofSeconds(1), DynamoDbRetry.requestPath()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("callTimeout must be positive")
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> DynamoDbRequestPath.httpClientBuilder(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attemptTimeout must be positive");
    assertThatThrownBy(() -> DynamoDbRequestPath.clientBuilder(Duration.ofSeconds(2), null, null))
        .isInstanceOf(NullPointerException.class);
  }
}
