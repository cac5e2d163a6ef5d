package io.stickless.servlet;

import java.util.HashMap;
import java.util.Map;

/**
 * Dummy AWS credentials in the system properties the SDK's default chain reads, for tests whose
 * filter builds its own client from settings (as a deployment does); {@link #close()} puts back
 * what was there.
 */
final class LocalCredentials implements AutoCloseable {

  private final Map<String, String> before = new HashMap<>();

  LocalCredentials() {
    for (String key : new String[] {"aws.accessKeyId", "aws.secretAccessKey"}) {
      before.put(key, System.getProperty(key));
      System.setProperty(key, "local");
    }
  }

  @Override
  public void close() {
    before.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }
}
