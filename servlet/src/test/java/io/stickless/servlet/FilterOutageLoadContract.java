package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.DynamoDbRetry;
import io.stickless.session.SessionStore;
import io.stickless.session.StoredSession;
import io.stickless.testing.DynamoDbFaultProxy;
import io.stickless.testing.FaultRule;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A 10 s outage under load: two nodes of one application, each with the request path's client (the
 * {@link DynamoDbRetry#requestPath()} strategy, 2 s per call, 1 s per attempt) and the filter's
 * defaults, behind a fault proxy that stalls (accepts, never answers) or refuses connections for 10
 * s while {@value #USERS} users send {@value #RATE_PER_SECOND} requests a second between them,
 * arriving at a steady rate whether earlier ones were answered or not (as users of a site do), each
 * user's own requests one at a time. Without a bound, every request arriving in the 2 s before the
 * first call times out would wait on the store: about 100 per node.
 */
@ExtendWith(LocalDynamoDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilterOutageLoadContract {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

  /** Every request answers within this: the call timeout plus a loaded machine's slack. */
  private static final Duration BOUND = CALL_TIMEOUT.plusSeconds(1);

  private static final Duration FAULT = Duration.ofSeconds(10);
  private static final int USERS = 100;
  private static final int RATE_PER_SECOND = 40;

  /** The load's bound in count: a healthy second, the fault, a few seconds after it. */
  private static final int MAX_REQUESTS = RATE_PER_SECOND * 20;

  /**
   * Calls waiting in a node's store at most: the filter's bound ({@value #RATE_PER_SECOND}/2
   * requests a second reach it well after the 250 ms a stall takes to be noticed) and the probes of
   * the fail-fast windows (one a second, each waiting up to the 2 s call timeout).
   */
  private static final int MAX_WAITING_PER_NODE = StallBound.DEFAULT_MAX_WAITING + 4;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private DynamoDbFaultProxy proxy;
  private TestTable table;
  private final List<DynamoDbClient> clients = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private FilterLogs logs;

  abstract AppNode.Starter starter();

  /** One application node, the store its filter uses (counting the calls inside it). */
  private record Node(AppNode app, SessionFilter filter, SwappableStore store) {}

  @BeforeAll
  void startTwoNodes(LocalDynamoDb server, TestTable table) throws Exception {
    this.table = table;
    table.createWithTutorialSchema();
    proxy = DynamoDbFaultProxy.start(server).seed(13);
    for (int i = 0; i < 2; i++) {
      DynamoDbClient client =
          proxy
              .clientBuilder()
              .overrideConfiguration(
                  o ->
                      o.retryStrategy(DynamoDbRetry.requestPath())
                          .apiCallTimeout(CALL_TIMEOUT)
                          .apiCallAttemptTimeout(Duration.ofSeconds(1)))
              .build();
      clients.add(client);
      SwappableStore store = new SwappableStore(SessionStore.builder(client, table.name()).build());
      SessionFilter filter = SessionFilter.builder(store).build();
      nodes.add(
          new Node(starter().start(TestApp.installer(filter, null), Map.of()), filter, store));
    }
    logs = new FilterLogs();
  }

  @AfterAll
  void stop() {
    logs.close();
    nodes.forEach(n -> n.app().close());
    clients.forEach(DynamoDbClient::close);
    proxy.close();
  }

  @BeforeEach
  void healthy() {
    proxy.clear();
    proxy.resetCounts();
    logs.clear();
  }

  @Test
  void aStallOfTenSecondsUnderLoadKeepsFewRequestsWaitingAndLosesNothing() throws Exception {
    Load load = runThrough("stalled 10 s", () -> proxy.add(FaultRule.stall()));

    assertOutageHandled(load);
    assertThat(logs.warnings())
        .as("noticed as a stall by the bound, before any call timed out")
        .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("not answering"));
  }

  @Test
  void refusedConnectionsForTenSecondsUnderLoadKeepFewRequestsWaitingAndLoseNothing()
      throws Exception {
    Load load = runThrough("refused 10 s", proxy::refuseConnections);

    assertOutageHandled(load);
  }

  private void assertOutageHandled(Load load) {
    assertThat(load.statuses.keySet()).as("200 or 503, never a 500 or a hang").isSubsetOf(200, 503);
    assertThat(load.count(503)).as("the outage was felt").isPositive();
    assertThat(load.maxMillis()).isLessThan(BOUND.toMillis());
    for (int n = 0; n < nodes.size(); n++) {
      assertThat(load.maxWaitingDuringFault.get(n))
          .as("calls waiting in node %d's store at once during the fault", n)
          .isLessThanOrEqualTo(MAX_WAITING_PER_NODE);
      assertThat(load.recoveryMillis(n))
          .as("node %d's first 200 after DynamoDB came back: within its fail-fast window", n)
          .isLessThan(BackendHealth.DEFAULT_FAIL_FAST.toMillis() + 500);
    }
    assertThat(load.lost).as("every acknowledged write readable on both nodes").isEmpty();
    assertThat(logs.warnings()).as("one WARN per node and outage").hasSize(nodes.size());
    assertThat(logs.infos("reachable again"))
        .as("one INFO per node on recovery")
        .hasSize(nodes.size());
  }

  // --- the load ---------------------------------------------------------------------------

  /** One user: a session, its own requests one at a time, alternating between the nodes. */
  private static final class User {
    final int index;
    volatile String cookie;
    final AtomicBoolean busy = new AtomicBoolean();
    final AtomicInteger requests = new AtomicInteger();
    volatile int acknowledged;

    User(int index) {
      this.index = index;
    }
  }

  /** What the users saw. */
  private static final class Load {
    final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    final AtomicLong maxNanos = new AtomicLong();
    final List<List<Long>> okAt = List.of(new ArrayList<>(), new ArrayList<>());
    final List<String> lost = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicInteger okInARow = new AtomicInteger();
    final List<Integer> maxWaitingDuringFault = Collections.synchronizedList(new ArrayList<>());
    volatile long recoveredAt;

    int count(int status) {
      return statuses.getOrDefault(status, 0);
    }

    long maxMillis() {
      return maxNanos.get() / 1_000_000;
    }

    int okAfterRecovery(int node) {
      synchronized (okAt) {
        return (int) okAt.get(node).stream().filter(t -> t >= recoveredAt).count();
      }
    }

    long recoveryMillis(int node) {
      synchronized (okAt) {
        return okAt.get(node).stream()
            .filter(t -> t >= recoveredAt)
            .mapToLong(t -> (t - recoveredAt) / 1_000_000)
            .min()
            .orElse(Long.MAX_VALUE);
      }
    }
  }

  /**
   * Users call at a steady rate for a healthy second, then through the fault (held for {@link
   * #FAULT} of real time: the SDK's timeouts run on the real clock), then until each node has
   * answered 200 again; then every user's counter is read back.
   */
  private Load runThrough(String what, Runnable fault) throws Exception {
    List<User> users = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      users.add(new User(u));
    }
    // a few at a time (a burst of hundreds at once is not the load under test), again for any
    // that a cold node on a loaded machine answered 503
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              List<User> without = users.stream().filter(u -> u.cookie == null).toList();
              for (int from = 0; from < without.size(); from += 8) {
                CompletableFuture.allOf(
                        without.subList(from, Math.min(without.size(), from + 8)).stream()
                            .map(u -> send(u, nodes.get(0), "/set?name=n&value=0"))
                            .toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
              }
              return users.stream().allMatch(u -> u.cookie != null);
            });
    assertThat(users).allSatisfy(u -> assertThat(u.cookie).as("user has a session").isNotNull());

    Load load = new Load();
    List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try {
      ticker.scheduleAtFixedRate(
          () -> {
            if (load.sent.get() >= MAX_REQUESTS) {
              return;
            }
            User user = users.get(next.getAndIncrement() % USERS);
            // a user whose last request has not been answered yet does not send another
            if (!user.busy.compareAndSet(false, true)) {
              load.skipped.incrementAndGet();
              return;
            }
            load.sent.incrementAndGet();
            inFlight.add(request(user, load));
          },
          0,
          1_000_000 / RATE_PER_SECOND,
          TimeUnit.MICROSECONDS);

      // a loaded machine can make a healthy store slow enough to look stalled for a moment: the
      // fault starts once the users have been answered 200 for a while, every outage logged over
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> load.count(200) >= 100 && load.okInARow.get() >= 60);
      logs.clear();
      nodes.forEach(n -> n.store().resetMaxConcurrentCalls());
      fault.run();
      FilterLogs.holdFault(FAULT);
      for (Node n : nodes) {
        load.maxWaitingDuringFault.add(n.store().maxConcurrentCalls());
      }
      proxy.clear();
      load.recoveredAt = System.nanoTime();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> load.okAfterRecovery(0) >= 20 && load.okAfterRecovery(1) >= 20);
    } finally {
      ticker.shutdownNow();
    }
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
        .get(BOUND.toSeconds() + 10, TimeUnit.SECONDS);
    readBack(users, load);
    report(what, load);
    return load;
  }

  /** A user's next request: a write on one node, then a write or read on the other. */
  private CompletableFuture<?> request(User user, Load load) {
    int i = user.requests.incrementAndGet();
    int node = (user.index + i) % 2;
    String path = i % 3 == 0 ? "/get?name=n" : "/set?name=n&value=" + i;
    long start = System.nanoTime();
    return send(user, nodes.get(node), path)
        .whenComplete(
            (status, failure) -> {
              long end = System.nanoTime();
              load.maxNanos.accumulateAndGet(end - start, Math::max);
              // a request that fails on the client (timeout, reset) counts as status 0
              int seen = failure == null ? status : 0;
              load.statuses.merge(seen, 1, Integer::sum);
              if (seen == 200) {
                load.okInARow.incrementAndGet();
              } else {
                load.okInARow.set(0);
              }
              if (seen == 200) {
                synchronized (load.okAt) {
                  load.okAt.get(node).add(end);
                }
                if (path.startsWith("/set")) {
                  user.acknowledged = i;
                }
              }
              user.busy.set(false);
            });
  }

  private CompletableFuture<Integer> send(User user, Node node, String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(node.app().uri(path)).timeout(BOUND.plusSeconds(5)).GET();
    if (user.cookie != null) {
      request.header("Cookie", SessionCookie.DEFAULT_NAME + "=" + user.cookie);
    }
    return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .thenApply(
            response -> {
              for (String header : response.headers().allValues("Set-Cookie")) {
                if (header.startsWith(SessionCookie.DEFAULT_NAME + "=")) {
                  user.cookie =
                      header.substring(SessionCookie.DEFAULT_NAME.length() + 1).split(";")[0];
                }
              }
              return response.statusCode();
            });
  }

  /**
   * Every user's counter, on both nodes and in the table: a number no older than the last write
   * acknowledged with a 200 (a write answered 503 may still have landed), in a whole session item.
   */
  private void readBack(List<User> users, Load load) {
    SessionStore direct = SessionStore.builder(table.client(), table.name()).build();
    for (User user : users) {
      for (int n = 0; n < nodes.size(); n++) {
        Browser browser = new Browser().cookie(user.cookie);
        Browser.Reply reply = browser.get(nodes.get(n).app(), "/get?name=n");
        if (reply.status() != 200
            || !reply.body().matches("\\d+")
            || Integer.parseInt(reply.body()) < user.acknowledged) {
          load.lost.add(
              "user "
                  + user.index
                  + " on node "
                  + n
                  + ": acknowledged "
                  + user.acknowledged
                  + ", got "
                  + reply.status()
                  + " "
                  + reply.body());
        }
      }
      // the store reads only whole items: one without its fields would be "no session"
      StoredSession stored = direct.findById(user.cookie);
      if (stored == null
          || !(stored.getAttribute("n") instanceof String value)
          || Integer.parseInt(value) < user.acknowledged) {
        load.lost.add("user " + user.index + ": item in the table unreadable or older");
      }
    }
  }

  private void report(String what, Load load) {
    LoggerFactory.getLogger(getClass())
        .info(
            "{} ({}): {} requests ({} skipped: user still waiting), statuses {}, max {} ms,"
                + " most calls waiting in a store at once during the fault {}, recovery {} ms / {} ms, failed fast"
                + " {}, attempts {}",
            what,
            getClass().getSimpleName(),
            load.sent.get(),
            load.skipped.get(),
            new TreeMap<>(load.statuses),
            load.maxMillis(),
            load.maxWaitingDuringFault,
            load.recoveryMillis(0),
            load.recoveryMillis(1),
            nodes.stream().map(n -> n.filter().failedFastRequests()).toList(),
            proxy.attempts());
  }
}
