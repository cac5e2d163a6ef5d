package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickless.DynamoDbUsage.Operation;
import io.stickless.session.SessionIds;
import io.stickless.session.SessionStore;
import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.MutableClock;
import io.stickless.testing.TestTable;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The behaviour every container must show: two nodes of one application, each with its own DynamoDB
 * {@link SessionStore} over one dynalite table, requests alternating between them the way a
 * round-robin balancer sends them.
 */
@ExtendWith(LocalDynamoDbExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionFilterContract {

  private TestTable table;
  private SessionStore storeA;
  private SessionStore storeB;
  private RecordingListener listenerA;
  private RecordingListener listenerB;
  private AppNode nodeA;
  private AppNode nodeB;
  private Browser browser;
  private String journal;

  /** Starts a node of the container under test. */
  abstract AppNode.Starter starter();

  @BeforeAll
  void startTwoNodes(TestTable table) throws Exception {
    table.createWithTutorialSchema();
    this.table = table;
    storeA = store(table.client(), table.name());
    storeB = store(table.client(), table.name());
    listenerA = new RecordingListener();
    listenerB = new RecordingListener();
    nodeA =
        starter()
            .start(TestApp.installer(SessionFilter.builder(storeA).build(), listenerA), Map.of());
    nodeB =
        starter()
            .start(TestApp.installer(SessionFilter.builder(storeB).build(), listenerB), Map.of());
  }

  private static SessionStore store(DynamoDbClient client, String table) {
    return SessionStore.builder(client, table)
        .allowedClasses("io.stickless.servlet.TestApp$Token")
        .build();
  }

  @AfterAll
  void stopNodes() {
    if (nodeA != null) {
      nodeA.close();
    }
    if (nodeB != null) {
      nodeB.close();
    }
  }

  @BeforeEach
  void freshBrowser() {
    browser = new Browser();
    listenerA.events.clear();
    listenerB.events.clear();
    journal = "journal-" + java.util.UUID.randomUUID();
  }

  @Test
  void aLoginOnOneNodeIsKnownOnTheOther() {
    assertThat(browser.get(nodeA, "/whoami").body()).isEqualTo("anonymous");
    assertThat(browser.cookie()).isNull();

    assertThat(browser.get(nodeB, "/login?user=alice").body()).isEqualTo("welcome alice");
    assertThat(browser.cookie()).isNotNull();

    assertThat(browser.get(nodeA, "/whoami").body()).isEqualTo("alice");
    assertThat(browser.get(nodeB, "/whoami").body()).isEqualTo("alice");
  }

  @Test
  void anAttributeSetOnNodeAIsSeenOnNodeBOnTheVeryNextRequest() {
    browser.get(nodeA, "/set?name=color&value=blue");

    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("blue");

    browser.get(nodeB, "/set?name=color&value=green");
    assertThat(browser.get(nodeA, "/get?name=color").body()).isEqualTo("green");

    browser.get(nodeA, "/remove?name=color");
    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("null");
  }

  @Test
  void invalidateOnOneNodeIsSeenOnTheOtherAndExpiresTheCookie() {
    browser.get(nodeA, "/set?name=color&value=blue");
    String oldId = browser.cookie();

    Browser.Reply reply = browser.get(nodeB, "/invalidate");

    assertThat(reply.body()).isEqualTo("invalidated");
    assertThat(reply.sessionCookieHeader("SESSION")).startsWith("SESSION=;").contains("Max-Age=0");
    assertThat(browser.cookie()).isNull();
    Browser stale = new Browser().cookie(oldId);
    assertThat(stale.get(nodeA, "/get?name=color").body()).isEqualTo("no session");
    assertThat(new Browser().cookie(oldId).get(nodeB, "/get?name=color").body())
        .isEqualTo("no session");
  }

  @Test
  void changeSessionIdKillsTheOldIdOnBothNodes() {
    browser.get(nodeA, "/set?name=color&value=blue");
    String oldId = browser.cookie();

    Browser.Reply reply = browser.get(nodeB, "/change-id");

    assertThat(reply.body()).isEqualTo("changed true true");
    assertThat(browser.cookie()).isNotNull().isNotEqualTo(oldId);
    assertThat(browser.get(nodeA, "/get?name=color").body()).isEqualTo("blue");
    assertThat(new Browser().cookie(oldId).get(nodeA, "/get?name=color").body())
        .isEqualTo("no session");
    assertThat(new Browser().cookie(oldId).get(nodeB, "/get?name=color").body())
        .isEqualTo("no session");
  }

  @Test
  void aWriteBeforeARedirectIsSeenByTheRedirectedRequestOnTheOtherNode() {
    Browser.Reply redirect = browser.get(nodeA, "/redirect-after-set?name=step&value=paid");

    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.location()).isNotNull();
    String location = redirect.location().replaceFirst("^https?://[^/]+", "");
    assertThat(browser.get(nodeB, location).body()).isEqualTo("paid");
  }

  @Test
  void aWriteBeforeAFlushIsStoredBeforeTheClientSeesTheResponse() throws Exception {
    browser.get(nodeA, "/set?name=step&value=cart");
    String gate = "flush-" + System.nanoTime();
    CountDownLatch latch = new CountDownLatch(1);
    TestApp.GATES.put(gate, latch);
    try {
      HttpResponse<InputStream> open =
          browser.open(nodeA, "/flush-after-set?name=step&value=shipped&gate=" + gate);
      assertThat(open.statusCode()).isEqualTo(200);

      // node A is still inside the request, parked after its flush
      assertThat(new Browser().cookie(browser.cookie()).get(nodeB, "/get?name=step").body())
          .isEqualTo("shipped");
      latch.countDown();
      try (InputStream body = open.body()) {
        assertThat(new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
            .isEqualTo("flushed");
      }
    } finally {
      latch.countDown();
      TestApp.GATES.remove(gate);
    }
  }

  @Test
  void listenersFireOnTheNodeWhereTheEventHappens() {
    browser.get(nodeA, "/set?name=color&value=blue");
    assertThat(listenerA.events).containsExactly("created", "added color=blue");

    browser.get(nodeB, "/set?name=color&value=green");
    browser.get(nodeB, "/change-id");
    browser.get(nodeB, "/remove?name=color");
    assertThat(listenerB.events)
        .containsExactly("replaced color=blue", "idChanged true", "removed color=green");

    browser.get(nodeA, "/token?name=t&value=one&journal=" + journal);
    browser.get(nodeB, "/token?name=t&value=two&journal=" + journal);
    browser.get(nodeA, "/set?name=user&value=bob");
    browser.get(nodeA, "/invalidate");
    assertThat(TestApp.bindingEvents(journal))
        .containsExactly(
            "bound one as t", "bound two as t", "unbound one as t", "unbound two as t");
    assertThat(listenerA.events)
        .endsWith("destroyed user=bob", "removed t=Token(two)", "removed user=bob");
  }

  @Test
  void aListenerThatThrowsIsLoggedNotPropagated() {
    Browser.Reply reply = browser.get(nodeA, "/explode");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("survived");
    assertThat(browser.get(nodeB, "/get?name=explode").body()).isEqualTo("boom");
  }

  @Test
  void requestsThatNeverUseTheSessionGetNoCookieAndCostNoStoreCall() {
    browser.get(nodeA, "/set?name=color&value=blue");
    long before = storeA.stats().usage().totalCalls();

    Browser.Reply withCookie = browser.get(nodeA, "/none");
    Browser.Reply withoutCookie = new Browser().get(nodeA, "/none");

    assertThat(withCookie.setCookies()).isEmpty();
    assertThat(withoutCookie.setCookies()).isEmpty();
    assertThat(storeA.stats().usage().totalCalls()).isEqualTo(before);
  }

  @Test
  void aReadOnlyRequestCostsOneReadAndNoWrite() {
    browser.get(nodeA, "/set?name=color&value=blue");
    var before = storeB.stats();

    browser.get(nodeB, "/get?name=color");

    var used = storeB.stats().minus(before).usage();
    assertThat(used.calls(Operation.GET_ITEM)).isEqualTo(1);
    assertThat(used.writeCalls()).isZero();
  }

  @Test
  void theCookieCarriesTheConfiguredAttributes() {
    Browser.Reply reply = browser.get(nodeA, "/set?name=color&value=blue");

    assertThat(reply.setCookies()).hasSize(1);
    assertThat(reply.sessionCookieHeader("SESSION"))
        .matches("SESSION=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void aMalformedCookieGetsAFreshSessionWithoutAStoreLookup() {
    browser.cookie("not-a-session-id");
    var before = storeA.stats();

    Browser.Reply reply = browser.get(nodeA, "/info");

    var used = storeA.stats().minus(before);
    assertThat(reply.body()).contains("requested=true", "requestedValid=false", "new=true");
    assertThat(used.usage().calls(Operation.GET_ITEM)).isZero();
    assertThat(used.malformedIds()).isPositive();
    assertThat(browser.cookie()).isNotNull().isNotEqualTo("not-a-session-id");
  }

  @Test
  void aForgedButWellFormedCookieGetsAFreshSession() {
    String forged = SessionIds.generate();
    browser.cookie(forged);

    Browser.Reply reply = browser.get(nodeA, "/info");

    assertThat(reply.body()).contains("requested=true", "requestedValid=false", "new=true");
    assertThat(browser.cookie()).isNotNull().isNotEqualTo(forged);
  }

  @Test
  void theHttpSessionContractHoldsAcrossNodes() {
    String first = browser.get(nodeA, "/info").body();
    assertThat(first)
        .contains(
            "requested=false",
            "requestedValid=false",
            "fromCookie=false",
            "new=true",
            "context=true",
            "maxInactive=1800");

    String second = browser.get(nodeB, "/info").body();
    assertThat(second)
        .contains(
            "requested=true",
            "requestedValid=true",
            "fromCookie=true",
            "fromURL=false",
            "new=false",
            "context=true");
    assertThat(line(second, "created")).isEqualTo(line(first, "created"));

    assertThat(browser.get(nodeB, "/max-inactive?value=600").body()).isEqualTo("600");
    assertThat(browser.get(nodeA, "/max-inactive").body()).isEqualTo("600");
  }

  @Test
  void aNonSerializableAttributeIsRefusedWithItsName() {
    assertThat(browser.get(nodeA, "/non-serializable").body())
        .startsWith("refused: ")
        .contains("'thing'")
        .contains("java.lang.Object");
  }

  @Test
  void aSessionTooLargeToSaveAnswersAPlain500AndStaysIntactOnTheOtherNode() {
    Logger filterLog = (Logger) LoggerFactory.getLogger(SessionFilter.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    filterLog.addAppender(logs);
    try {
      browser.get(nodeA, "/set?name=color&value=blue");
      // saved when the request ends, and at an early flush (the commit before the response goes
      // out)
      for (String path : List.of("/set-huge?name=huge", "/set-huge?name=huge&flush=1")) {
        Browser.Reply reply = browser.get(nodeA, path);

        assertThat(reply.status()).as(path).isEqualTo(500);
        assertThat(reply.body()).as(path).isEqualTo(SessionCommitter.TOO_LARGE_BODY);
        assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("blue");
        assertThat(browser.get(nodeB, "/get?name=huge").body()).isEqualTo("null");
      }
      assertThat(logs.list)
          .filteredOn(e -> e.getLevel() == Level.ERROR)
          .extracting(ILoggingEvent::getFormattedMessage)
          .hasSize(2)
          .allSatisfy(
              m ->
                  assertThat(m)
                      .contains("answering 500")
                      .contains("'huge' (")
                      .doesNotContain("could no longer")
                      .doesNotContain("VALUE-")
                      .doesNotContain(String.valueOf(browser.cookie())));
    } finally {
      filterLog.detachAppender(logs);
    }
  }

  @Test
  void anInvalidatedSessionThrowsIllegalStateException() {
    assertThat(browser.get(nodeA, "/use-after-invalidate").body())
        .isEqualTo("IllegalStateException");
  }

  @Test
  void forwardAndIncludeShareTheRequestsSession() {
    assertThat(browser.get(nodeA, "/forward?name=color&value=red").body()).isEqualTo("red");
    assertThat(browser.get(nodeB, "/include?name=size&value=xl").body())
        .isEqualTo("included:set size");
    assertThat(browser.get(nodeA, "/get?name=size").body()).isEqualTo("xl");
  }

  @Test
  void anErrorPageSeesTheSessionOfTheRequestThatFailed() {
    browser.get(nodeA, "/set?name=color&value=blue");

    Browser.Reply reply = browser.get(nodeB, "/conflict?name=step&value=failed");

    assertThat(reply.status()).isEqualTo(TestApp.ERROR_PAGE_STATUS);
    assertThat(reply.body()).isEqualTo("ERROR failed");
    assertThat(browser.get(nodeA, "/get?name=step").body()).isEqualTo("failed");
  }

  @Test
  void anAsyncRequestCommitsWhenItsCycleEnds() {
    Browser.Reply reply = browser.get(nodeA, "/async-set?name=color&value=async");

    assertThat(reply.body()).isEqualTo("async set color");
    assertThat(browser.cookie()).isNotNull();
    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("async");
  }

  @Test
  void anInPlaceChangeAfterAnEarlyCommitIsSaved() {
    Browser.Reply reply = browser.get(nodeA, "/list-after-flush?name=list&value=a");

    assertThat(reply.body()).isEqualTo("appended");
    assertThat(browser.get(nodeB, "/get?name=list").body()).isEqualTo("[a]");
  }

  @Test
  void oneLargeWriteOnANewSessionStillSendsTheCookie() {
    Browser.Reply reply = browser.get(nodeA, "/big-write?name=color&value=large");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.sessionCookieHeader("SESSION")).isNotNull();
    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("large");
  }

  @Test
  void printlnReachingTheDeclaredLengthStillSendsTheCookie() {
    Browser.Reply reply = browser.get(nodeA, "/println-to-length?name=color&value=exact");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("hello\n");
    assertThat(reply.sessionCookieHeader("SESSION")).isNotNull();
    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("exact");
  }

  @Test
  void aSessionMadeInAnAsyncDispatchSendsItsCookie() {
    Browser.Reply reply = browser.get(nodeA, "/async-dispatch?name=color&value=dispatched");

    assertThat(reply.body()).isEqualTo("dispatched set color");
    assertThat(reply.sessionCookieHeader("SESSION")).isNotNull();
    assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("dispatched");
  }

  @Test
  void aNewSessionFollowedBySendErrorKeepsItsCookieOnTheErrorPage() {
    Browser.Reply reply = browser.get(nodeA, "/conflict?name=step&value=first");

    assertThat(reply.status()).isEqualTo(TestApp.ERROR_PAGE_STATUS);
    assertThat(reply.body()).isEqualTo("ERROR first");
    assertThat(reply.sessionCookieHeader("SESSION")).isNotNull();
    assertThat(browser.get(nodeB, "/get?name=step").body()).isEqualTo("first");
  }

  @Test
  void aChangeAfterCloseIsSavedWhenTheRequestEnds() {
    browser.get(nodeA, "/set?name=color&value=blue");

    Browser.Reply reply = browser.get(nodeA, "/set-after-close?name=color&value=late");

    assertThat(reply.body()).isEqualTo("closed");
    // the client had the whole response before the save: the guarantee is only that the change
    // is saved when the request ends, which may be after the client's next request
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(browser.get(nodeB, "/get?name=color").body()).isEqualTo("late"));
  }

  @Test
  void theFilterCountsItsOutageOutcomesForAMetricsBinder() throws Exception {
    SwappableStore failing = new SwappableStore(store(table.client(), table.name()));
    MutableClock clock = MutableClock.startingNow();
    SessionFilter filter =
        SessionFilter.builder(failing).outageFailFast(Duration.ofMinutes(1)).clock(clock).build();
    assertThat(filter.unavailableResponses()).isZero();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new SessionFilterMetrics(filter, Tags.empty()).bindTo(registry);
    AppNode node = starter().start(TestApp.installer(filter, null), Map.of());
    try {
      failing.failSavesAfter(1); // the early commit at flush succeeds, the final one fails
      assertThat(new Browser().get(node, "/list-after-flush?name=list&value=a").status())
          .isEqualTo(200);
      // within the fail-fast window opened by that failure: 503 without trying the store
      assertThat(new Browser().get(node, "/set?name=color&value=red").status()).isEqualTo(503);
      clock.advance(Duration.ofMinutes(2));
      // the probe tries the store, whose save fails while the response can still say so
      assertThat(new Browser().get(node, "/set?name=color&value=red").status()).isEqualTo(503);

      assertThat(filter.lostCommits()).isEqualTo(1);
      assertThat(filter.failedFastRequests()).isEqualTo(1);
      assertThat(filter.unavailableResponses()).isEqualTo(2);
      assertThat(registry.get("stickless.filter.lost.commits").functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.get("stickless.filter.failed.fast").functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.get("stickless.filter.unavailable.responses").functionCounter().count())
          .isEqualTo(2);
    } finally {
      node.close();
    }
  }

  @Test
  void aSaveFailingAfterTheResponseWentOutIsLoggedAsLostAndAnAsyncOneAnswers503() throws Exception {
    SwappableStore failing = new SwappableStore(store(table.client(), table.name()));
    AppNode node =
        starter()
            .start(
                TestApp.installer(
                    SessionFilter.builder(failing).outageFailFast(Duration.ZERO).build(), null),
                Map.of());
    Logger filterLog = (Logger) LoggerFactory.getLogger(SessionFilter.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    filterLog.addAppender(logs);
    try {
      failing.failSavesAfter(1); // the early commit at flush succeeds, the final one fails
      Browser.Reply flushed = browser.get(node, "/list-after-flush?name=list&value=a");

      assertThat(flushed.status()).isEqualTo(200);
      assertThat(flushed.body()).isEqualTo("appended");
      assertThat(logs.list)
          .filteredOn(e -> e.getLevel() == Level.ERROR)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("lost")
          .doesNotContain(String.valueOf(browser.cookie()));

      failing.failSavesAfter(0);
      Browser.Reply async = new Browser().get(node, "/async-set?name=color&value=async");

      assertThat(async.status()).isEqualTo(503);
      assertThat(async.body()).isEqualTo(SessionCommitter.UNAVAILABLE_BODY);
    } finally {
      filterLog.detachAppender(logs);
      node.close();
    }
  }

  /**
   * The store's client gives up after 10 s; the browser after 30 s, so a request that hangs fails
   * the test (bounds generous enough for a loaded CI machine; speed is shown by the fail-fast
   * window making no store call). Recovery swaps in a store over a fresh dynalite on whatever port
   * is free (no restarting on the same port, which another process may have taken meanwhile).
   */
  @Test
  void anUnreachableStoreAnswers503QuicklyAndRecoversWhenItReturns() throws Exception {
    LocalDynamoDb dedicated = LocalDynamoDb.start();
    String table = LocalDynamoDb.uniqueTableName(getClass().getSimpleName() + "-outage");
    createTable(dedicated.client(), table);
    DynamoDbClient client = boundedClient(dedicated);
    SwappableStore store = new SwappableStore(store(client, table));
    MutableClock clock = MutableClock.startingNow();
    AppNode node =
        starter()
            .start(
                TestApp.installer(
                    SessionFilter.builder(store)
                        .outageFailFast(Duration.ofSeconds(1))
                        .clock(clock)
                        .build(),
                    null),
                Map.of());
    LocalDynamoDb replacement = null;
    DynamoDbClient replacementClient = null;
    Logger filterLog = (Logger) LoggerFactory.getLogger(SessionFilter.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    filterLog.addAppender(logs);
    try {
      Browser outage = new Browser().timeout(Duration.ofSeconds(30));
      outage.get(node, "/set?name=color&value=blue");
      assertThat(outage.get(node, "/get?name=color").body()).isEqualTo("blue");

      dedicated.close();
      Browser.Reply unavailable = outage.get(node, "/get?name=color");
      assertThat(unavailable.status()).isEqualTo(503);
      assertThat(unavailable.body()).isEqualTo(SessionCommitter.UNAVAILABLE_BODY);

      // within the fail-fast window: 503 at once, without a single store call
      long callsBefore = store.calls();
      assertThat(outage.get(node, "/set?name=color&value=red").status()).isEqualTo(503);
      assertThat(new Browser().get(node, "/set?name=color&value=red").status()).isEqualTo(503);
      assertThat(store.calls()).isEqualTo(callsBefore);
      assertThat(new Browser().get(node, "/none").status()).isEqualTo(200);

      // the window has passed: one request probes, fails, and opens the next window
      clock.advance(Duration.ofSeconds(2));
      assertThat(outage.get(node, "/get?name=color").status()).isEqualTo(503);
      assertThat(store.calls()).isEqualTo(callsBefore + 1);
      assertThat(outage.get(node, "/get?name=color").status()).isEqualTo(503);
      assertThat(store.calls()).isEqualTo(callsBefore + 1);

      replacement = LocalDynamoDb.start();
      createTable(replacement.client(), table);
      replacementClient = boundedClient(replacement);
      store.swap(store(replacementClient, table));
      clock.advance(Duration.ofSeconds(2));
      Browser.Reply recovered = outage.get(node, "/set?name=color&value=green");
      assertThat(recovered.status()).isEqualTo(200);
      assertThat(outage.get(node, "/get?name=color").body()).isEqualTo("green");
      assertThat(logs.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("unreachable")
          .contains(table)
          .doesNotContain(String.valueOf(outage.cookie()));
      assertThat(logs.list)
          .filteredOn(e -> e.getLevel() == Level.INFO)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .contains("reachable again");
    } finally {
      filterLog.detachAppender(logs);
      node.close();
      client.close();
      dedicated.close();
      if (replacementClient != null) {
        replacementClient.close();
      }
      if (replacement != null) {
        replacement.close();
      }
    }
  }

  private static DynamoDbClient boundedClient(LocalDynamoDb dynamoDb) {
    return dynamoDb
        .clientBuilder()
        .overrideConfiguration(
            o ->
                o.apiCallTimeout(Duration.ofSeconds(10))
                    .apiCallAttemptTimeout(Duration.ofSeconds(5)))
        .build();
  }

  private static void createTable(DynamoDbClient client, String table) {
    DynamoDbTables.prepare(client, TableSpec.of(table), TableMode.CREATE);
  }

  private static String line(String body, String key) {
    return List.of(body.split("\n")).stream()
        .filter(l -> l.startsWith(key + "="))
        .findFirst()
        .orElseThrow();
  }
}
