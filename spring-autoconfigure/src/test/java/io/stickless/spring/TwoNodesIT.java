package io.stickless.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.session.SessionStore;
import io.stickless.session.SessionStoreStats;
import io.stickless.spring.app.NodeApp;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.TestTable;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Boot nodes on one dynalite table, requests alternating between them as a round-robin load
 * balancer would send them: Spring Security's login, id change, logout and maximumSessions(1), a
 * {@code @Cacheable} method and {@code @CacheEvict(allEntries = true)}, the health indicator and
 * the meters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesIT {

  final Nodes nodes = new Nodes();
  int a;
  int b;
  SessionStore storeA;

  @BeforeAll
  void start() {
    LocalDynamoDb server = LocalDynamoDb.shared();
    String table = LocalDynamoDb.uniqueTableName("two-nodes");
    TestTable.createWithPrincipalIndex(server.client(), table, Nodes.PRINCIPAL_INDEX);
    String[] properties = {
      "stickless.session.principal-index=" + Nodes.PRINCIPAL_INDEX,
      "stickless.cache.cache-names=greetings",
      "stickless.cache.near-cache-max-entries=100",
      "stickless.cache.near-cache-max-staleness=1s",
      "management.endpoints.web.exposure.include=health,metrics",
      "management.endpoint.health.show-components=always",
      "management.endpoint.health.show-details=always"
    };
    ConfigurableApplicationContext nodeA = nodes.start(NodeApp.class, server, table, properties);
    a = Nodes.port(nodeA);
    storeA = nodeA.getBean(SessionStore.class);
    b = Nodes.port(nodes.start(NodeApp.class, server, table, properties));
  }

  @AfterAll
  void stop() {
    nodes.close();
  }

  @Test
  void loginOnOneNodeHoldsOnTheOtherAndLogoutEndsItEverywhere() throws Exception {
    Browser browser = new Browser();
    String csrf = browser.csrf(a);
    String anonymousId = browser.session;
    assertThat(anonymousId).isNotNull();

    HttpResponse<String> login = login(browser, b, csrf);
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> l.endsWith("/me"));
    assertThat(browser.session).isNotNull().isNotEqualTo(anonymousId);

    assertThat(browser.get(a, "/me").body()).isEqualTo("alice");
    assertThat(browser.get(b, "/me").body()).isEqualTo("alice");
    SessionStoreStats beforeReads = storeA.stats();
    assertThat(browser.get(a, "/me").body()).isEqualTo("alice");
    assertThat(browser.get(a, "/me").body()).isEqualTo("alice");
    // an authenticated read-only request writes nothing (the principal is already recorded)
    assertThat(storeA.stats().minus(beforeReads).usage().writeCalls()).isZero();
    Browser fixated = new Browser();
    fixated.session = anonymousId;
    assertThat(fixated.get(a, "/me").statusCode()).isEqualTo(302); // the old id is gone

    String loggedInId = browser.session;
    assertThat(browser.post(b, "/logout", Map.of("_csrf", browser.csrf(b))).statusCode())
        .isEqualTo(302);
    Browser replay = new Browser();
    replay.session = loggedInId;
    assertThat(replay.get(a, "/me").statusCode()).isEqualTo(302);
    assertThat(browser.get(a, "/me").statusCode()).isEqualTo(302);
  }

  @Test
  void maximumSessionsOfOneHoldsAcrossNodes() throws Exception {
    Browser first = new Browser();
    assertThat(login(first, a, first.csrf(b)).statusCode()).isEqualTo(302);
    assertThat(first.get(b, "/me").body()).isEqualTo("alice");

    Browser second = new Browser();
    assertThat(login(second, b, second.csrf(a)).statusCode()).isEqualTo(302);

    assertThat(second.get(a, "/me").body()).isEqualTo("alice");
    // the older session was expired by the other node's login
    assertThat(first.get(a, "/me").statusCode()).isEqualTo(302);
    assertThat(first.get(b, "/me").statusCode()).isEqualTo(302);
  }

  @Test
  void aCachedMethodRunsOnceAcrossNodesAndEvictAllIsSeenEverywhere() throws Exception {
    Browser browser = new Browser();
    int before = NodeApp.COMPUTATIONS.get();
    String first = browser.get(a, "/greeting/bob").body();
    assertThat(browser.get(b, "/greeting/bob").body()).isEqualTo(first);
    assertThat(browser.get(a, "/greeting/bob").body()).isEqualTo(first);
    assertThat(NodeApp.COMPUTATIONS.get() - before).isEqualTo(1);

    assertThat(browser.post(a, "/evict", Map.of("_csrf", browser.csrf(a))).body())
        .isEqualTo("evicted");
    String second = browser.get(a, "/greeting/bob").body();
    assertThat(second).isNotEqualTo(first);
    assertThat(NodeApp.COMPUTATIONS.get() - before).isEqualTo(2);
    // B may serve its near-cached value for up to its 1 s staleness, then reads the new one
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> browser.get(b, "/greeting/bob").body().equals(second));
    assertThat(NodeApp.COMPUTATIONS.get() - before).isEqualTo(2);

    assertThat(metric(a, "cache.gets?tag=cache:greetings&tag=result:miss")).isGreaterThan(0);
    assertThat(metric(b, "cache.gets?tag=cache:greetings&tag=result:hit")).isGreaterThan(0);
  }

  @Test
  void healthAndMetersShowWhatRequestsCaused() throws Exception {
    Browser browser = new Browser();
    double created = metric(a, "stickless.sessions.created");
    double sizesRecorded = metric(a, "stickless.sessions.item.size"); // the summary's count
    SessionStoreStats before = storeA.stats();
    browser.csrf(a); // creates a session on A
    browser.csrf(b); // reads it on B

    assertThat(metric(a, "stickless.sessions.created")).isEqualTo(created + 1);
    SessionStoreStats writes = storeA.stats().minus(before);
    assertThat(metric(a, "stickless.sessions.item.size"))
        .isEqualTo(sizesRecorded + writes.sessionsCreated() + writes.attributeWrites())
        .isGreaterThan(sizesRecorded);
    assertThat(metric(b, "stickless.dynamodb.calls?tag=component:sessions&tag=operation:get_item"))
        .isGreaterThan(0);
    HttpResponse<String> health = browser.get(a, "/actuator/health/stickless");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
  }

  private static HttpResponse<String> login(Browser browser, int port, String csrf)
      throws Exception {
    return browser.post(
        port, "/login", Map.of("username", "alice", "password", "secret", "_csrf", csrf));
  }

  private static final Pattern VALUE = Pattern.compile("\"value\":([0-9.Ee+-]+)");

  private double metric(int port, String nameAndTags) throws Exception {
    HttpResponse<String> response = new Browser().get(port, "/actuator/metrics/" + nameAndTags);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Matcher m = VALUE.matcher(response.body());
    assertThat(m.find()).as(response.body()).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
