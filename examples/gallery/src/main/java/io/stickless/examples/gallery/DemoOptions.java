package io.stickless.examples.gallery;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The launcher's command line. Every option has a default, so the README's command needs none.
 *
 * @param nodes how many app nodes to start
 * @param port the proxy's port ({@code 0}: any free one)
 * @param endpoint a DynamoDB endpoint to use instead of starting the local one
 * @param region an AWS region to use instead of starting the local one
 * @param table the table (created with the tutorial's schema when missing)
 * @param adminUser the admin's user name
 * @param adminPassword the admin's password; {@code null}: a random one, printed at start-up
 * @param workDir where the gallery's H2 database lives
 */
record DemoOptions(
    int nodes,
    int port,
    @Nullable URI endpoint,
    @Nullable String region,
    String table,
    String adminUser,
    @Nullable String adminPassword,
    Path workDir) {

  static final String USAGE =
      """
      Usage: ./mvnw -B -q -pl examples/gallery -am compile exec:java -Dexec.args="[options]"

      Starts a local DynamoDB (dynalite), the gallery on N app nodes and a round-robin,
      non-sticky reverse proxy in front of them.

      Options:
        --nodes N             app nodes to start, 1 to 9 (default 2)
        --port P              the proxy's port on 127.0.0.1, 0 for any free one (default 8080)
        --endpoint URL        use this DynamoDB endpoint instead of starting dynalite
                              (or env STICKLESS_ENDPOINT)
        --region R            use real DynamoDB in this region (default credentials chain)
                              instead of starting dynalite (or env STICKLESS_REGION)
        --table NAME          table for sessions and cache (default stickless-gallery);
                              created with hash key 'key' (S) and TTL on 'ttl' when missing
        --admin-user NAME     the admin's user name (default admin)
        --admin-password PW   the admin's password (or env GALLERY_ADMIN_PASSWORD;
                              default: a random one, printed at start-up)
        --work-dir DIR        where the gallery's H2 database lives (default target/gallery-demo)
        --help                this message
      """;

  DemoOptions {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(adminUser, "adminUser");
    Objects.requireNonNull(workDir, "workDir");
  }

  /** Whether the launcher starts the local DynamoDB (no endpoint or region configured). */
  boolean localDynamoDb() {
    return endpoint == null && region == null;
  }

  /**
   * Parses the command line, falling back on the environment for endpoint, region and password.
   *
   * @throws UsageException for an unknown option, a missing or bad value, or {@code --help}
   */
  static DemoOptions parse(String[] args, Map<String, String> env) {
    int nodes = 2;
    int port = 8080;
    String endpoint = blankToNull(env.get("STICKLESS_ENDPOINT"));
    String region = blankToNull(env.get("STICKLESS_REGION"));
    String table = "stickless-gallery";
    String adminUser = "admin";
    String adminPassword = blankToNull(env.get("GALLERY_ADMIN_PASSWORD"));
    Path workDir = Path.of(System.getProperty("gallery.work-dir", "target/gallery-demo"));
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        throw new UsageException(null);
      }
      if (!option.startsWith("--")) {
        throw new UsageException("Unexpected argument '" + option + "'.");
      }
      if (i + 1 >= args.length) {
        throw new UsageException("Option " + option + " needs a value.");
      }
      String value = args[++i];
      switch (option) {
        case "--nodes" -> nodes = number(option, value, 1, 9);
        case "--port" -> port = number(option, value, 0, 65535);
        case "--endpoint" -> endpoint = value;
        case "--region" -> region = value;
        case "--table" -> table = value;
        case "--admin-user" -> adminUser = value;
        case "--admin-password" -> adminPassword = value;
        case "--work-dir" -> workDir = Path.of(value);
        default -> throw new UsageException("Unknown option '" + option + "'.");
      }
    }
    URI endpointUri = null;
    if (endpoint != null) {
      try {
        endpointUri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--endpoint '" + endpoint + "' is not a URL.");
      }
      if (endpointUri.getScheme() == null || endpointUri.getHost() == null) {
        throw new UsageException(
            "--endpoint '" + endpoint + "' is not an http(s) URL like http://127.0.0.1:8000.");
      }
    }
    if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
      throw new UsageException(
          "--table '" + table + "' is not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ - .).");
    }
    if (adminUser.isBlank()) {
      throw new UsageException("--admin-user must not be blank.");
    }
    if (adminPassword != null && adminPassword.length() < 8) {
      throw new UsageException("--admin-password must have at least 8 characters.");
    }
    return new DemoOptions(
        nodes, port, endpointUri, region, table, adminUser, adminPassword, workDir);
  }

  private static int number(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        option + " must be a number from " + min + " to " + max + ", was '" + value + "'.");
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** A bad command line (or {@code --help}); the launcher prints the message and {@link #USAGE}. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(@Nullable String message) {
      super(message);
    }
  }
}
