package io.stickless.benchmarks.load;

import io.stickless.DynamoDbRequestPath;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;

/**
 * How the app's client bounds the time of one DynamoDB call: the variants {@code
 * docs/PERFORMANCE.md} compares by CPU per call and per request.
 */
public enum CallBound {
  /**
   * The servlet filter's and the starter's client before issue 12: the SDK's {@code apiCallTimeout}
   * (2 s) and {@code apiCallAttemptTimeout} (1 s). Each is a task scheduled on the SDK's timer
   * threads per call (a pool of five per client); cancelled tasks stay queued until their deadline,
   * when a timer thread wakes to drop them and hands the queue to the next.
   */
  SDK {
    @Override
    void configure(ClientOverrideConfiguration.Builder client) {
      client.apiCallTimeout(CALL_TIMEOUT).apiCallAttemptTimeout(ATTEMPT_TIMEOUT);
    }
  },
  /** {@link #SDK} on one timer thread that removes a task when it is cancelled. */
  SDK_LEAN_TIMER {
    @Override
    void configure(ClientOverrideConfiguration.Builder client) {
      SDK.configure(client);
      client.scheduledExecutorService(leanTimer());
    }
  },
  /**
   * The request path's client since issue 12 ({@link DynamoDbRequestPath}): the SDK's {@code
   * apiCallTimeout} (2 s, the hard bound) with each attempt bounded by the HTTP client's own
   * timeouts (connect, pool lease, socket read: 1 s each), enforced by blocking I/O, not by a
   * timer: one timer task per call instead of two.
   */
  CALL {
    @Override
    void configure(ClientOverrideConfiguration.Builder client) {
      client.apiCallTimeout(CALL_TIMEOUT);
    }

    @Override
    Apache5HttpClient.Builder httpClient() {
      return DynamoDbRequestPath.httpClientBuilder(ATTEMPT_TIMEOUT);
    }
  },
  /** {@link #CALL} on one timer thread that removes a task when it is cancelled. */
  CALL_LEAN_TIMER {
    @Override
    void configure(ClientOverrideConfiguration.Builder client) {
      CALL.configure(client);
      client.scheduledExecutorService(leanTimer());
    }

    @Override
    Apache5HttpClient.Builder httpClient() {
      return CALL.httpClient();
    }
  },
  /**
   * The HTTP client's timeouts only (connect, pool lease, socket read: 1 s each): no timer task at
   * all; a call is bounded by attempts times the per-attempt bound plus backoff, and a response
   * trickling in slower than one byte per second is not cut.
   */
  HTTP {
    @Override
    Apache5HttpClient.Builder httpClient() {
      return CALL.httpClient();
    }
  },
  /** No bound at all: only to measure what a bound costs. */
  NONE;

  static final Duration CALL_TIMEOUT = DynamoDbRequestPath.DEFAULT_CALL_TIMEOUT;
  static final Duration ATTEMPT_TIMEOUT = DynamoDbRequestPath.DEFAULT_ATTEMPT_TIMEOUT;

  void configure(ClientOverrideConfiguration.Builder client) {}

  /** The HTTP client: the SDK's defaults unless the variant bounds attempts with it. */
  Apache5HttpClient.Builder httpClient() {
    return Apache5HttpClient.builder();
  }

  /** The lowercase name used on the command line and in tables. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  static CallBound ofLabel(String label) {
    return valueOf(label.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
  }

  /** One daemon thread per client; a cancelled task leaves the queue at once. */
  private static ScheduledThreadPoolExecutor leanTimer() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, TIMER_THREAD_PREFIX + "lean");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /** Name prefix of the SDK's own timer threads ({@code sdk-ScheduledExecutor-n-m}). */
  static final String TIMER_THREAD_PREFIX = "sdk-ScheduledExecutor";
}
