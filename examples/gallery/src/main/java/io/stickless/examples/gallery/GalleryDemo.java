package io.stickless.examples.gallery;

import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The README's demo: the gallery on a cluster of app nodes behind a round-robin, non-sticky proxy,
 * with sessions and cache in one DynamoDB table. {@link #main} starts the local DynamoDB (dynalite)
 * unless an endpoint or region is configured, creates the table with the tutorial's schema (hash
 * key {@code key}, TTL on {@code ttl}), starts the nodes and the proxy, prints the URL and a tour,
 * then takes console commands until {@code quit} or Ctrl-C, either of which stops everything.
 */
public final class GalleryDemo implements AutoCloseable {

  private final @Nullable LocalDynamoDb localDynamoDb;
  private final GalleryDb db;
  private final Cluster cluster;
  private final String describeDynamoDb;
  private final DemoOptions options;
  private final String adminPassword;

  private GalleryDemo(
      @Nullable LocalDynamoDb localDynamoDb,
      GalleryDb db,
      Cluster cluster,
      String describeDynamoDb,
      DemoOptions options,
      String adminPassword) {
    this.localDynamoDb = localDynamoDb;
    this.db = db;
    this.cluster = cluster;
    this.describeDynamoDb = describeDynamoDb;
    this.options = options;
    this.adminPassword = adminPassword;
  }

  /**
   * Starts everything the options describe; {@link #close()} stops it all.
   *
   * @throws Exception when DynamoDB, the database, a node or the proxy cannot start (what started
   *     is stopped again)
   */
  static GalleryDemo start(DemoOptions options) throws Exception {
    LocalDynamoDb local = options.localDynamoDb() ? LocalDynamoDb.start() : null;
    GalleryDb db = null;
    try {
      Supplier<DynamoDbClientBuilder> clients = clients(options, local);
      try (DynamoDbClient setup = clients.get().build()) {
        DynamoDbTables.prepare(setup, TableSpec.of(options.table()), TableMode.CREATE);
      }
      Files.createDirectories(options.workDir());
      db = GalleryDb.open(options.workDir());
      String password =
          options.adminPassword() != null ? options.adminPassword() : randomPassword();
      AdminAccount admin = AdminAccount.create(options.adminUser(), password.toCharArray());
      Cluster cluster =
          new Cluster(options.nodes(), options.port(), options.table(), db, admin, clients);
      String where =
          local != null
              ? "local DynamoDB (dynalite) at " + local.endpoint()
              : options.endpoint() != null
                  ? "DynamoDB at " + options.endpoint()
                  : "DynamoDB in " + options.region();
      return new GalleryDemo(local, db, cluster, where, options, password);
    } catch (Exception | Error e) {
      if (db != null) {
        db.close();
      }
      if (local != null) {
        local.close();
      }
      throw e;
    }
  }

  /** The proxy's URL: where the browser goes. */
  String url() {
    return cluster.url();
  }

  Cluster cluster() {
    return cluster;
  }

  /** SQL statements the nodes have run against the gallery database. */
  long sqlQueries() {
    return db.queries();
  }

  /** The process id of the local DynamoDB, or -1 when an endpoint or region was configured. */
  long localDynamoDbPid() {
    return localDynamoDb != null ? localDynamoDb.pid() : -1;
  }

  /** What to print once the cluster is up: the URL, the login and a guided tour. */
  String banner() {
    StringBuilder nodes = new StringBuilder();
    for (ClusterControl.NodeStatus n : cluster.nodes()) {
      nodes.append("      ").append(n.name()).append("  ").append(n.url()).append('\n');
    }
    return """

        Stickless gallery: %d app nodes behind a round-robin proxy, no sticky sessions.

          Open  %s

          Sessions and cache: %s, table '%s' (hash key 'key', TTL 'ttl')
          Gallery database:   H2 in %s
          Admin login:        %s / %s
          App nodes (the proxy sends each request to the next one):
        %s
        A short tour:
          1. Reload a few times: "served by" alternates between the nodes, and the panel
             "This request" shows what each request cost in DynamoDB calls and capacity units.
          2. The listing comes from the cache: a hit costs no SQL query, just one GetItem.
          3. Open some items: "Recently viewed" follows you to every node (a session
             attribute changed in place, written back as one small UpdateItem).
          4. Log in as admin and reload: you stay logged in whichever node answers.
          5. Stop a node (its "stop" button, or type "stop 1" here) and reload: still logged
             in, because the session lives in DynamoDB, not in the node. "start 1" restarts it.
          6. Add or remove an item: the cached listing is invalidated; every node shows the change.
          7. Log out: you are logged out on every node ("log out everywhere" ends your other
             browsers' sessions too).

        Console: stop N | start N | status | quit     (Ctrl-C stops everything too)
        """
        .formatted(
            cluster.size(),
            url(),
            describeDynamoDb,
            options.table(),
            options.workDir().toAbsolutePath(),
            options.adminUser(),
            adminPassword,
            nodes);
  }

  /** Stops the proxy, the nodes, the database and the local DynamoDB. Idempotent. */
  @Override
  public synchronized void close() throws Exception {
    try {
      cluster.close();
    } finally {
      db.close();
      if (localDynamoDb != null) {
        localDynamoDb.close();
      }
    }
  }

  /** Runs the demo: see the class description. Exits with status 2 and a usage on bad arguments. */
  public static void main(String[] args) throws Exception {
    int status = run(args, System.in, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * The launcher without {@code System.exit}: parses {@code args}, starts the demo, prints the
   * banner to {@code out} and takes commands from {@code in}. Returns 0 after {@code quit} (all
   * stopped); at the end of {@code in} keeps running until the JVM shuts down (Ctrl-C), whose hook
   * stops everything. Returns 2 after printing a usage for bad arguments, 1 when the proxy's port
   * is taken.
   */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, System.getenv());
    } catch (DemoOptions.UsageException e) {
      if (e.getMessage() == null) {
        out.print(DemoOptions.USAGE);
        return 0;
      }
      err.println(e.getMessage());
      err.println();
      err.print(DemoOptions.USAGE);
      return 2;
    }
    GalleryDemo demo;
    try {
      demo = start(options);
    } catch (IOException e) {
      if (!isBindFailure(e)) {
        throw e;
      }
      err.println(
          "Port "
              + options.port()
              + " on 127.0.0.1 is in use, so the proxy cannot listen there. Pick another one:"
              + " -Dexec.args=\"--port 9090\" (0: any free port). Nothing was left running.");
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              closeQuietly(demo, err);
              stopped.countDown();
            },
            "gallery-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.println(demo.banner());
    boolean quit;
    try {
      quit = console(demo, in, out);
    } catch (IOException | RuntimeException e) {
      quit = true;
      err.println("Console failed: " + e);
    }
    if (!quit) {
      stopped.await(); // no console (input closed): run until Ctrl-C
      return 0;
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    closeQuietly(demo, err);
    out.println("Stopped the proxy, the nodes and the local DynamoDB.");
    return 0;
  }

  /** Reads commands until {@code quit} (answers true) or the end of the input (answers false). */
  private static boolean console(GalleryDemo demo, InputStream input, PrintStream out)
      throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      try {
        switch (words[0]) {
          case "" -> {}
          case "quit", "exit" -> {
            return true;
          }
          case "status" -> demo.cluster.nodes().forEach(n -> out.println("  " + describe(n)));
          case "stop", "start" -> {
            int number = words.length == 2 ? Integer.parseInt(words[1]) : -1;
            if (words[0].equals("stop")) {
              demo.cluster.stopNodeAndWait(number);
            } else {
              demo.cluster.startNode(number);
            }
            demo.cluster.nodes().stream()
                .filter(n -> n.number() == number)
                .forEach(n -> out.println("  " + describe(n)));
          }
          default -> out.println("Commands: stop N | start N | status | quit");
        }
      } catch (NumberFormatException e) {
        out.println("Which node? e.g. 'stop 1'");
      } catch (Exception e) {
        out.println(e.getMessage());
      }
    }
    return false;
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static String describe(ClusterControl.NodeStatus n) {
    return n.name() + "  " + n.url() + "  " + (n.running() ? "running" : "stopped");
  }

  private static void closeQuietly(GalleryDemo demo, PrintStream err) {
    try {
      demo.close();
    } catch (Exception e) {
      err.println("While stopping the demo: " + e);
    }
  }

  private static Supplier<DynamoDbClientBuilder> clients(
      DemoOptions options, @Nullable LocalDynamoDb local) {
    if (local != null) {
      return local::clientBuilder;
    }
    return () -> {
      DynamoDbClientBuilder b =
          DynamoDbClient.builder().httpClientBuilder(Apache5HttpClient.builder());
      if (options.endpoint() != null) {
        b.endpointOverride(options.endpoint());
      }
      if (options.region() != null) {
        b.region(Region.of(options.region()));
      } else {
        // an endpoint alone is a local DynamoDB: the region only signs requests, and any
        // credentials do when the environment has none
        b.region(Region.US_EAST_1)
            .credentialsProvider(
                AwsCredentialsProviderChain.of(
                    DefaultCredentialsProvider.builder().build(),
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("local", "local"))));
      }
      return b;
    };
  }

  private static String randomPassword() {
    byte[] bytes = new byte[9];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
