package io.stickless.examples.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gallery cluster over HTTP: two nodes behind the round-robin proxy, sessions and cache in a
 * local DynamoDB (dynalite), the gallery in H2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class GalleryClusterIT {

  static final String ADMIN = "curator";
  static final String PASSWORD = "correct horse battery";

  private GalleryDemo demo;

  @BeforeAll
  void startCluster(@TempDir Path workDir) throws Exception {
    demo =
        GalleryDemo.start(
            DemoOptions.parse(
                new String[] {
                  "--nodes",
                  "2",
                  "--port",
                  "0",
                  "--table",
                  "gallery-it",
                  "--admin-user",
                  ADMIN,
                  "--admin-password",
                  PASSWORD,
                  "--work-dir",
                  workDir.toString()
                },
                Map.of()));
  }

  @AfterEach
  void allNodesRunAgain() {
    for (ClusterControl.NodeStatus n : demo.cluster().nodes()) {
      if (!n.running()) {
        demo.cluster().startNode(n.number());
      }
    }
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void proxyAlternatesBetweenTheNodes() throws Exception {
    Browser browser = new Browser(demo.url());
    Set<String> nodes = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      Browser.Page page = browser.get("/");
      assertThat(page.status()).isEqualTo(200);
      nodes.add(page.node());
    }
    assertThat(nodes).containsExactlyInAnyOrder("node-1", "node-2");
  }

  @Test
  void loginSurvivesAlternatingNodesAndAStoppedNode() throws Exception {
    Browser browser = new Browser(demo.url());
    Browser.Page login = browser.login();
    assertThat(login.status()).isEqualTo(302);
    assertThat(login.location()).isEqualTo("/");

    Set<String> nodes = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      Browser.Page page = browser.get("/");
      assertThat(page.user()).as("request %d on %s", i, page.node()).isEqualTo(ADMIN);
      nodes.add(page.node());
    }
    assertThat(nodes).containsExactlyInAnyOrder("node-1", "node-2");

    String node1 = demo.cluster().nodes().get(0).url();
    demo.cluster().stopNodeAndWait(1);
    assertThatThrownBy(() -> new Browser(node1).get("/"))
        .as("a stopped node refuses connections")
        .isInstanceOf(ConnectException.class);
    for (int i = 0; i < 4; i++) {
      Browser.Page page = browser.get("/");
      assertThat(page.node()).isEqualTo("node-2");
      assertThat(page.user()).isEqualTo(ADMIN);
    }

    demo.cluster().startNode(1);
    nodes.clear();
    for (int i = 0; i < 4; i++) {
      Browser.Page page = browser.get("/");
      assertThat(page.user()).isEqualTo(ADMIN);
      nodes.add(page.node());
    }
    assertThat(nodes).as("the restarted node serves the session too").contains("node-1");
  }

  @Test
  void wrongPasswordIsRefusedAndNoSessionIsWritten() throws Exception {
    Browser browser = new Browser(demo.url());
    Browser.Page page = browser.post("/login", Map.of("user", ADMIN, "password", "wrong password"));
    assertThat(page.status()).isEqualTo(401);
    assertThat(page.body()).contains("Wrong user name or password.");
    assertThat(page.writeUnits()).isZero();
    assertThat(browser.get("/").user()).isEmpty();
  }

  @Test
  void secondListingRequestCostsNoSqlQueryAndAtMostOneDynamoDbRead() throws Exception {
    Browser browser = new Browser(demo.url());
    browser.get("/"); // fills the cache if nothing did yet
    long sqlBefore = demo.sqlQueries();
    Browser.Page second = browser.get("/");
    assertThat(second.cache()).isEqualTo("hit");
    assertThat(second.sqlQueries()).isZero();
    assertThat(demo.sqlQueries()).as("queries counted by the database itself").isEqualTo(sqlBefore);
    assertThat(second.dynamoDbCalls()).isEqualTo(1);
    assertThat(second.getItems()).isEqualTo(1);
    assertThat(second.readUnits()).isLessThanOrEqualTo(1.0);
    assertThat(second.writeUnits()).isZero();
  }

  @Test
  void addingAnItemInvalidatesTheListingOnBothNodes() throws Exception {
    Browser admin = new Browser(demo.url());
    admin.login();
    Browser node1 = new Browser(demo.cluster().nodes().get(0).url());
    Browser node2 = new Browser(demo.cluster().nodes().get(1).url());
    node1.get("/");
    assertThat(node2.get("/").cache())
        .as("both nodes read one shared cache entry")
        .isEqualTo("hit");

    String title = "Test piece " + UUID.randomUUID();
    Browser.Page added =
        admin.post("/admin/items", Map.of("title", title, "artist", "IT", "description", "x"));
    assertThat(added.status()).isEqualTo(302);

    Browser.Page first = node1.get("/");
    assertThat(first.body()).contains(title);
    assertThat(first.cache()).isEqualTo("miss");
    assertThat(first.sqlQueries()).isEqualTo(1);
    Browser.Page other = node2.get("/");
    assertThat(other.body()).contains(title);
    assertThat(other.cache()).as("node-1 refilled the shared entry").isEqualTo("hit");
    assertThat(other.sqlQueries()).isZero();
  }

  @Test
  void removingAnItemInvalidatesItsPageAndTheListing() throws Exception {
    Browser admin = new Browser(demo.url());
    admin.login();
    String title = "Short-lived " + UUID.randomUUID();
    admin.post("/admin/items", Map.of("title", title, "artist", "IT", "description", "x"));
    Browser.Page listing = admin.get("/");
    Matcher m =
        Pattern.compile(
                "data-item-id=\"(\\d+)\"><a href=\"/item/\\d+\">.{0,400}?" + Pattern.quote(title))
            .matcher(listing.body());
    assertThat(m.find()).isTrue();
    String id = m.group(1);
    assertThat(admin.get("/item/" + id).status()).isEqualTo(200);

    assertThat(admin.post("/admin/items/" + id + "/delete", Map.of()).status()).isEqualTo(302);

    assertThat(admin.get("/").body()).doesNotContain(title);
    assertThat(admin.get("/item/" + id).status()).isEqualTo(404);
    assertThat(admin.get("/item/" + id).status()).isEqualTo(404);
  }

  @Test
  void anonymousVisitorCannotChangeTheGallery() throws Exception {
    Browser visitor = new Browser(demo.url());
    Browser.Page page = visitor.post("/admin/items", Map.of("title", "Graffiti", "artist", "X"));
    assertThat(page.status()).isEqualTo(302);
    assertThat(page.location()).isEqualTo("/login");
    assertThat(visitor.get("/").body()).doesNotContain("Graffiti");
  }

  @Test
  void recentlyViewedChangesInPlaceAndFollowsTheVisitorToEveryNode() throws Exception {
    Browser visitor = new Browser(demo.url());
    Browser.Page first = visitor.get("/item/1");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.writeUnits()).as("the new session's PutItem").isPositive();
    Browser.Page second = visitor.get("/item/2");
    assertThat(second.node()).isNotEqualTo(first.node());
    assertThat(second.writeUnits()).as("the list changed in place is written back").isPositive();
    Browser.Page again = visitor.get("/item/2");
    assertThat(again.writeUnits()).as("viewing the newest again changes nothing").isZero();

    for (int i = 0; i < 2; i++) {
      String recent = section(visitor.get("/").body(), "recent");
      assertThat(recent.indexOf("/item/2")).isNotNegative().isLessThan(recent.indexOf("/item/1"));
    }
  }

  @Test
  void logoutEndsTheSessionOnEveryNode() throws Exception {
    Browser browser = new Browser(demo.url());
    browser.login();
    assertThat(browser.get("/").user()).isEqualTo(ADMIN);
    assertThat(browser.post("/logout", Map.of()).status()).isEqualTo(302);
    Set<String> nodes = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      Browser.Page page = browser.get("/");
      assertThat(page.user()).isEmpty();
      nodes.add(page.node());
    }
    assertThat(nodes).containsExactlyInAnyOrder("node-1", "node-2");
  }

  @Test
  void logoutEverywhereEndsTheAdminsOtherSessions() throws Exception {
    Browser laptop = new Browser(demo.url());
    Browser phone = new Browser(demo.url());
    laptop.login();
    phone.login();
    assertThat(phone.get("/").user()).isEqualTo(ADMIN);

    laptop.post("/logout-everywhere", Map.of());

    for (int i = 0; i < 2; i++) {
      assertThat(phone.get("/").user()).isEmpty();
      assertThat(laptop.get("/").user()).isEmpty();
    }
    Browser later = new Browser(demo.url());
    later.login();
    assertThat(later.get("/").user()).as("a login after the logout works").isEqualTo(ADMIN);
  }

  private static String section(String body, String id) {
    int start = body.indexOf("id=\"" + id + "\"");
    assertThat(start).as("section %s in page", id).isNotNegative();
    return body.substring(start, body.indexOf("</section>", start));
  }
}
