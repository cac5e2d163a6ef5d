package io.stickless.benchmarks.load;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

/** How the app's client bounds the time of one DynamoDB call: the variants part 5 compares. */
public enum CallBound {
  /**
   * What the servlet filter's own client does today: the SDK's {@code apiCallTimeout} (2 s) and
   * {@code apiCallAttemptTimeout} (1 s), each a task on the SDK's timer thread per call.
   */
  SDK {
    @Override
    void configure(ClientOverrideConfiguration.Builder client) {
      client.apiCallTimeout(Duration.ofSeconds(2)).apiCallAttemptTimeout(Duration.ofSeconds(1));
    }
  },
  /** No bound at all: only to measure what the bound costs. */
  NONE;

  void configure(ClientOverrideConfiguration.Builder client) {}

  void configure(Apache5HttpClient.Builder http) {}
}
