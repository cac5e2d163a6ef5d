package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.DynamoDbUsage;
import io.stickless.DynamoDbUsage.Operation;
import io.stickless.session.ConsistentReads;
import io.stickless.session.ReadHint;
import io.stickless.session.SessionIds;
import io.stickless.session.SessionStore;
import io.stickless.testing.DynamoDbFaultProxy;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.MutableClock;
import io.stickless.testing.StaleReads;
import io.stickless.testing.TestTable;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code consistent-reads=hinted} through the filter on a real container: two nodes whose stores
 * read the same dynalite table through a stale-read proxy (eventually consistent {@code GetItem}s
 * answered with the item as it was up to {@link #LAG} ago, by the stores' clock), requests
 * alternating between the nodes. A read that trusted an eventually consistent answer without reason
 * would show the client its own session as it was before its last write.
 */
@ExtendWith(LocalDynamoDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HintedReadsContract {

  private static final Duration LAG = Duration.ofSeconds(30);
  private static final Duration PAST_WINDOW = ReadHint.STRONG_READ_WINDOW.plusSeconds(1);
  private static final String HEADER = "X-Auth-Token";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final MutableClock clock = MutableClock.startingNow();
  private final StaleReads stale = StaleReads.upTo(LAG, clock);
  private DynamoDbFaultProxy proxy;
  private DynamoDbClient client;
  private String table;
  private SessionStore storeA;
  private SessionStore storeB;
  private AppNode nodeA;
  private AppNode nodeB;
  private Browser browser;

  /** Starts a node of the container under test. */
  abstract AppNode.Starter starter();

  @BeforeAll
  void startTwoNodes(LocalDynamoDb server, TestTable testTable) throws Exception {
    table = testTable.createWithTutorialSchema();
    proxy = DynamoDbFaultProxy.start(server).add(stale);
    client = proxy.clientBuilder().build();
    storeA = hinted();
    storeB = hinted();
    nodeA =
        starter().start(TestApp.installer(SessionFilter.builder(storeA).build(), null), Map.of());
    nodeB =
        starter().start(TestApp.installer(SessionFilter.builder(storeB).build(), null), Map.of());
  }

  @AfterAll
  void stop() {
    if (nodeA != null) {
      nodeA.close();
    }
    if (nodeB != null) {
      nodeB.close();
    }
    if (client != null) {
      client.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @BeforeEach
  void freshBrowser() {
    browser = new Browser();
    // no write of an earlier test is still inside the lag
    clock.advance(LAG.plusSeconds(1));
  }

  @Test
  void aWriteOnAIsSeenByAReadOnBAMillisecondLater() {
    browser.get(nodeA, "/set?name=color&value=blue");
    assertThat(browser.cookie()).matches(SessionIdsPattern.WITH_HINT);
    clock.advance(Duration.ofMillis(1));
    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("blue");

    clock.advance(LAG.plusSeconds(1));
    browser.get(nodeA, "/set?name=color&value=green");
    clock.advance(Duration.ofMillis(1));
    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("green");
  }

  @Test
  void aReadAfterTheWindowOnAStaleReplicaIsRepeatedStronglyAndSeesTheWrite() {
    browser.get(nodeA, "/set?name=color&value=blue");
    clock.advance(LAG.plusSeconds(1));
    browser.get(nodeA, "/set?name=color&value=green");
    clock.advance(PAST_WINDOW);
    long staleBefore = stale.staleAnswers();

    Read read = readOn(storeB, () -> browser.get(nodeB, "/get?name=color").body());
    assertThat(read.body()).isEqualTo("green");
    assertThat(stale.staleAnswers()).as("the replica answered blue").isEqualTo(staleBefore + 1);
    assertThat(read.getItems()).isEqualTo(2);

    // the same stale replica without the hint: a client holding only the id reads strongly
    String id = browser.cookie().substring(0, SessionIds.ID_LENGTH);
    Read bare = readOn(storeB, () -> new Browser().cookie(id).get(nodeB, "/get?name=color").body());
    assertThat(bare.body()).isEqualTo("green");
    assertThat(bare.getItems()).isEqualTo(1);
    assertThat(bare.readUnits()).isEqualTo(1.0);
  }

  @Test
  void onceTheReplicaCaughtUpAReadCostsHalf() {
    browser.get(nodeA, "/set?name=color&value=blue");
    clock.advance(LAG.plusSeconds(1));

    Read read = readOn(storeB, () -> browser.get(nodeB, "/get?name=color"));
    assertThat(read.body()).isEqualTo("blue");
    assertThat(read.getItems()).isEqualTo(1);
    assertThat(read.readUnits()).isEqualTo(0.5);
    assertThat(read.setCookie()).as("a read-only request sends no new hint").isFalse();
  }

  @Test
  void aLostHintStaysCorrect() {
    browser.get(nodeA, "/set?name=color&value=blue");
    String blueCookie = browser.cookie();
    browser.get(nodeA, "/set?name=color&value=green");
    assertThat(browser.cookie()).isNotEqualTo(blueCookie);
    // the client loses the response's Set-Cookie and keeps the hint of the write before
    browser.cookie(blueCookie);
    clock.advance(Duration.ofMillis(1));

    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("green");

    // with no hint at all, on a replica that has not seen the write, the read is strong
    browser.get(nodeA, "/set?name=color&value=red");
    clock.advance(PAST_WINDOW);
    String bareId = browser.cookie().substring(0, SessionIds.ID_LENGTH);
    assertThat(new Browser().cookie(bareId).get(nodeB, "/get?name=color").body()).isEqualTo("red");

    // the replica catches up: the old hint then reads the write, eventually consistent
    clock.advance(LAG);
    Read read =
        readOn(storeB, () -> new Browser().cookie(blueCookie).get(nodeB, "/get?name=color").body());
    assertThat(read.body()).isEqualTo("red");
    assertThat(read.readUnits()).isEqualTo(0.5);
  }

  @Test
  void responsesArrivingOutOfOrderLeaveAnOlderHintThatStillReadsTheNewerWrite() {
    browser.get(nodeA, "/set?name=color&value=blue");
    clock.advance(LAG.plusSeconds(1));
    String before = browser.cookie();
    // two concurrent writes sent with the same cookie; the second one's response arrives first
    String first =
        new Browser().cookie(before).get(nodeA, "/set?name=size&value=L").setCookies().get(0);
    browser.get(nodeB, "/set?name=color&value=green");
    String firstValue = first.substring("SESSION=".length()).split(";", 2)[0];
    ReadHint older = ReadHint.parse(firstValue.substring(SessionIds.ID_LENGTH + 1));
    ReadHint newer = ReadHint.parse(browser.cookie().substring(SessionIds.ID_LENGTH + 1));
    assertThat(older.version()).isLessThan(newer.version());
    browser.cookie(firstValue); // the late response's Set-Cookie wins the jar
    clock.advance(Duration.ofMillis(1));

    Read read = readOn(storeA, () -> browser.get(nodeA, "/get?name=color"));
    assertThat(read.body()).isEqualTo("green");
    assertThat(read.readUnits()).as("inside the window: strong").isEqualTo(1.0);
  }

  @Test
  void theHeaderTransportCarriesTheHintInItsOwnHeader() throws Exception {
    SessionIdResolver resolver = SessionIdResolver.header(HEADER);
    try (AppNode a =
            starter()
                .start(
                    TestApp.installer(
                        SessionFilter.builder(storeA).sessionIdResolver(resolver).build(), null),
                    Map.of());
        AppNode b =
            starter()
                .start(
                    TestApp.installer(
                        SessionFilter.builder(storeB).sessionIdResolver(resolver).build(), null),
                    Map.of())) {
      HttpResponse<String> created = send(a, "/set?name=color&value=blue", null, null);
      String id = created.headers().firstValue(HEADER).orElseThrow();
      assertThat(id).matches(SessionIdsPattern.ID);
      clock.advance(LAG.plusSeconds(1));
      HttpResponse<String> written = send(a, "/set?name=color&value=green", id, null);
      String hint = written.headers().firstValue(HEADER + "-Hint").orElseThrow();
      assertThat(ReadHint.parse(hint)).isNotNull();
      assertThat(ReadHint.parse(hint).version()).isEqualTo(2);
      clock.advance(PAST_WINDOW);

      Read hinted = readOn(storeB, () -> send(b, "/get?name=color", id, hint).body());
      assertThat(hinted.body()).isEqualTo("green");
      assertThat(hinted.getItems()).as("eventual answer too old, read again").isEqualTo(2);

      Read withoutHint = readOn(storeB, () -> send(b, "/get?name=color", id, null).body());
      assertThat(withoutHint.body()).isEqualTo("green");
      assertThat(withoutHint.readUnits()).isEqualTo(1.0);

      clock.advance(LAG);
      Read caughtUp = readOn(storeB, () -> send(b, "/get?name=color", id, hint).body());
      assertThat(caughtUp.body()).isEqualTo("green");
      assertThat(caughtUp.readUnits()).isEqualTo(0.5);
      HttpResponse<String> readOnly = send(b, "/get?name=color", id, hint);
      assertThat(readOnly.headers().firstValue(HEADER + "-Hint")).isEmpty();
    }
  }

  @Test
  void malformedHintsNeverFailAndMalformedIdsNeverReachTheStore() {
    browser.get(nodeA, "/set?name=color&value=blue");
    String id = browser.cookie().substring(0, SessionIds.ID_LENGTH);
    clock.advance(Duration.ofMillis(1));
    for (String suffix :
        new String[] {
          ".",
          "..",
          ".garbage",
          ".1.2.3",
          ".zzzzzzzzzzzzzzzzzzzzzzzzzz.1",
          ".-9223372036854775808.x",
          "." + "9".repeat(4000),
          ".%00.1",
          "." + Long.toString(Long.MAX_VALUE, 36) + "." + Long.toString(Long.MAX_VALUE, 36)
        }) {
      Read read =
          readOn(storeB, () -> new Browser().cookie(id + suffix).get(nodeB, "/get?name=color"));
      assertThat(read.status()).as("status with hint '%s'", suffix).isBetween(200, 499);
      if (read.status() == 200) {
        assertThat(read.body()).as("with hint '%s'", suffix).isEqualTo("blue");
      }
      assertThat(read.getItems()).as("GetItems with hint '%s'", suffix).isBetween(0L, 2L);
    }
    for (String value :
        new String[] {
          ".1.2",
          "garbage.1.2",
          id.substring(1) + ".1.2",
          id + "x.1.2",
          id.replace(id.charAt(5), '.'),
          "..."
        }) {
      Read read = readOn(storeB, () -> new Browser().cookie(value).get(nodeB, "/get?name=color"));
      assertThat(read.status()).as("status for cookie '%s'", value).isBetween(200, 499);
      assertThat(read.getItems()).as("GetItems for cookie '%s'", value).isZero();
    }
  }

  // ---- helpers ----

  /** Shapes of cookie values. */
  static final class SessionIdsPattern {
    static final String ID = "[A-Za-z0-9_-]{43}";
    static final String WITH_HINT = ID + "\\.[0-9a-z]+\\.[0-9a-z]+";

    private SessionIdsPattern() {}
  }

  private SessionStore hinted() {
    return SessionStore.builder(client, table)
        .clock(clock)
        .consistentReads(ConsistentReads.HINTED)
        .build();
  }

  private record Read(
      int status, String body, boolean setCookie, long getItems, double readUnits) {}

  private Read readOn(SessionStore store, Supplier<Object> request) {
    DynamoDbUsage before = store.stats().usage();
    Object result = request.get();
    DynamoDbUsage used = store.stats().usage().minus(before);
    long getItems = used.calls(Operation.GET_ITEM);
    if (result instanceof Browser.Reply reply) {
      return new Read(
          reply.status(),
          reply.body(),
          reply.sessionCookieHeader(SessionCookie.DEFAULT_NAME) != null,
          getItems,
          used.readUnits());
    }
    return new Read(200, String.valueOf(result), false, getItems, used.readUnits());
  }

  private static HttpResponse<String> send(
      AppNode node, String pathAndQuery, @Nullable String id, @Nullable String hint) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(node.uri(pathAndQuery)).timeout(Duration.ofSeconds(20)).GET();
    if (id != null) {
      request.header(HEADER, id);
    }
    if (hint != null) {
      request.header(HEADER + "-Hint", hint);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
