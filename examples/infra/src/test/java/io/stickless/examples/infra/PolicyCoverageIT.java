package io.stickless.examples.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stickless.cache.TtlCache;
import io.stickless.examples.mysfits.MysfitsServer;
import io.stickless.examples.mysfits.MysfitsService;
import io.stickless.examples.mysfits.MysfitsTable;
import io.stickless.examples.mysfits.RequestItems;
import io.stickless.session.SessionStore;
import io.stickless.session.SessionStoreBuilder;
import io.stickless.session.StoredSession;
import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.MutableClock;
import io.stickless.testing.TestTable;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Least privilege, proven against the code: every component is run through its public API with a
 * client carrying a {@link Recorder}, in each mode, against a real DynamoDB API (dynalite); each
 * IAM policy of the templates must grant exactly the operations (and tables or indexes) its
 * components were seen to call: a missing grant breaks the app in production, an extra one is
 * privilege nothing needs. A new DynamoDB call in core or in the Mysfits example fails this test
 * until the templates grant it.
 */
class PolicyCoverageIT {

  /** What runs, each in its own recorded client. */
  enum Component {
    TABLE_CREATE,
    TABLE_VALIDATE,
    SESSIONS,
    SESSIONS_THROUGH_SERVLET_FILTER,
    SESSIONS_BY_PRINCIPAL,
    CACHE,
    CACHE_WITH_NEAR_CACHE,
    MYSFITS_SERVICE,
    MYSFITS_LOADER
  }

  private static final Set<Component> STICKLESS_APP =
      Set.of(
          Component.TABLE_VALIDATE,
          Component.SESSIONS,
          Component.SESSIONS_THROUGH_SERVLET_FILTER,
          Component.CACHE,
          Component.CACHE_WITH_NEAR_CACHE);

  private static final Map<Component, Set<Grant>> CALLED = new EnumMap<>(Component.class);
  private static final Map<String, String> ROLES = new HashMap<>();
  private static LocalDynamoDb dynamoDb;
  private static String sessionTable;
  private static String principalTable;
  private static String mysfitsTable;

  @BeforeAll
  static void runEveryComponent() throws Exception {
    dynamoDb = LocalDynamoDb.shared();
    sessionTable = table("PolicyCoverage-sessions", Recorder.STICKLESS);
    principalTable = table("PolicyCoverage-principal", Recorder.STICKLESS);
    mysfitsTable = table("PolicyCoverage-mysfits", Recorder.MYSFITS);

    record(
        Component.TABLE_CREATE,
        client -> {
          DynamoDbTables.prepare(client, TableSpec.of(sessionTable), TableMode.CREATE);
          MysfitsTable.prepare(client, mysfitsTable, TableMode.CREATE);
        });
    TestTable.createWithPrincipalIndex(dynamoDb.client(), principalTable, "principal-index");
    loadSample(dynamoDb.client());

    record(
        Component.TABLE_VALIDATE,
        client -> DynamoDbTables.prepare(client, TableSpec.of(sessionTable), TableMode.VALIDATE));
    record(Component.SESSIONS, client -> sessions(client, sessionTable, null));
    record(Component.SESSIONS_THROUGH_SERVLET_FILTER, PolicyCoverageIT::servletFilter);
    record(
        Component.SESSIONS_BY_PRINCIPAL,
        client -> sessions(client, principalTable, "principal-index"));
    record(
        Component.CACHE,
        client -> cache(TtlCache.builder(client, sessionTable).name("plain").build()));
    record(
        Component.CACHE_WITH_NEAR_CACHE,
        client ->
            cache(
                TtlCache.builder(client, sessionTable)
                    .name("near")
                    .nearCache(100, Duration.ofSeconds(1))
                    .build()));
    record(Component.MYSFITS_SERVICE, PolicyCoverageIT::mysfitsService);
    record(Component.MYSFITS_LOADER, PolicyCoverageIT::loadSample);
    // the table in docs/infra.md comes from this output (target/failsafe-reports)
    CALLED.forEach(
        (component, grants) -> System.out.println(component + ": " + new TreeSet<>(grants)));
  }

  @Test
  void sessionTableTemplateGrantsExactlyWhatSessionsAndCacheCall() throws Exception {
    assertPolicy("session-table.yaml", "AppPolicy", STICKLESS_APP);
  }

  @Test
  void principalIndexTemplateAlsoGrantsTheQueryOnItsIndex() throws Exception {
    Set<Component> components = new java.util.HashSet<>(STICKLESS_APP);
    components.add(Component.SESSIONS_BY_PRINCIPAL);
    assertPolicy("session-table-principal-index.yaml", "AppPolicy", components);
    assertThat(CALLED.get(Component.SESSIONS_BY_PRINCIPAL))
        .contains(new Grant("dynamodb:Query", "stickless/index/principal-index"));
  }

  @Test
  void mysfitsServicePolicyGrantsExactlyWhatTheServiceCalls() throws Exception {
    assertPolicy("mysfits.yaml", "ServicePolicy", Set.of(Component.MYSFITS_SERVICE));
    assertThat(CALLED.get(Component.MYSFITS_SERVICE))
        .contains(
            new Grant("dynamodb:Scan", "mysfits"),
            new Grant("dynamodb:Query", "mysfits/index/GoodEvilIndex"),
            new Grant("dynamodb:Query", "mysfits/index/LawChaosIndex"));
  }

  @Test
  void mysfitsLoaderPolicyGrantsExactlyWhatTheLoaderCalls() throws Exception {
    assertPolicy("mysfits.yaml", "LoaderPolicy", Set.of(Component.MYSFITS_LOADER));
  }

  @Test
  void endpointPolicyAllowsExactlyWhatTheAppsCallOnTheirTables() throws Exception {
    Set<Component> all = new java.util.HashSet<>(Set.of(Component.values()));
    all.remove(Component.TABLE_CREATE);
    assertPolicy("dynamodb-endpoint.yaml", "DynamoDbEndpoint", all);
    JsonNode statements =
        Templates.policies(Templates.read("dynamodb-endpoint.yaml"))
            .get("DynamoDbEndpoint")
            .get("Statement");
    statements.forEach(s -> assertThat(s.get("Principal").asText()).isEqualTo("*"));
  }

  @Test
  void createModeNeedsRightsNoDeployedPolicyGrants() throws Exception {
    Set<String> createActions = actions(CALLED.get(Component.TABLE_CREATE));
    assertThat(createActions)
        .containsExactlyInAnyOrder(
            "dynamodb:DescribeTable",
            "dynamodb:CreateTable",
            "dynamodb:UpdateTimeToLive",
            "dynamodb:DescribeTimeToLive");
    for (var template : Templates.files()) {
      for (JsonNode policy :
          Templates.policies(Templates.read(template.getFileName().toString())).values()) {
        assertThat(actions(Templates.grants(policy)))
            .as(template + ": templates create the tables; apps run with VALIDATE")
            .doesNotContain("dynamodb:CreateTable", "dynamodb:UpdateTimeToLive");
      }
    }
  }

  private static void assertPolicy(String template, String policy, Set<Component> components)
      throws Exception {
    Set<Grant> called = new TreeSet<>();
    components.forEach(c -> called.addAll(CALLED.get(c)));
    JsonNode document = Templates.policies(Templates.read(template)).get(policy);
    assertThat(document).as(template + " has " + policy).isNotNull();
    Set<Grant> granted = Templates.grants(document);

    Set<Grant> missing = new TreeSet<>(called);
    missing.removeAll(granted);
    Set<Grant> unused = new TreeSet<>(granted);
    unused.removeAll(called);
    assertThat(called).as("the components made DynamoDB calls").isNotEmpty();
    assertThat(missing)
        .as("%s %s lacks grants the code needs (%s)", template, policy, components)
        .isEmpty();
    assertThat(unused)
        .as("%s %s grants what no component (%s) calls", template, policy, components)
        .isEmpty();
  }

  private static Set<String> actions(Set<Grant> grants) {
    Set<String> actions = new TreeSet<>();
    grants.forEach(g -> actions.add(g.action()));
    return actions;
  }

  private interface Run {
    void accept(DynamoDbClient client) throws Exception;
  }

  private static void record(Component component, Run run) throws Exception {
    Recorder recorder = new Recorder(ROLES);
    try (DynamoDbClient client =
        dynamoDb
            .clientBuilder()
            .overrideConfiguration(o -> o.addExecutionInterceptor(recorder))
            .build()) {
      run.accept(client);
    }
    CALLED.put(component, recorder.grants());
  }

  private static String table(String prefix, String role) {
    String name = LocalDynamoDb.uniqueTableName(prefix);
    ROLES.put(name, role);
    return name;
  }

  /** Every operation of the session store, as the servlet filter uses it. */
  private static void sessions(DynamoDbClient client, String table, String principalIndex) {
    MutableClock clock = MutableClock.startingNow();
    SessionStoreBuilder builder = SessionStore.builder(client, table).clock(clock);
    if (principalIndex != null) {
      builder.principalIndexName(principalIndex);
    }
    SessionStore store = builder.build();
    StoredSession session = store.createSession();
    session.setAttribute("cart", "one item");
    session.setPrincipal("user-1");
    store.save(session); // new: PutItem
    StoredSession found = store.findById(session.getId()); // GetItem
    assertThat(found).isNotNull();
    found.setAttribute("cart", "two items");
    store.save(found); // delta: UpdateItem
    clock.advance(Duration.ofMinutes(10));
    StoredSession touched = store.findById(session.getId());
    store.save(touched); // touch: UpdateItem
    String newId = store.changeSessionId(touched); // PutItem + DeleteItem
    if (principalIndex != null) {
      // the store keeps only a hash of each id: found sessions carry a reference, not the id
      assertThat(store.findByPrincipal("user-1"))
          .extracting(s -> s.getAttribute("cart"))
          .containsExactly("two items");
    }
    store.deleteById(newId); // DeleteItem
    assertThat(store.findById(newId)).isNull();
  }

  /** Sessions as a servlet app uses them: the filter in embedded Jetty, over HTTP. */
  private static void servletFilter(DynamoDbClient client) throws Exception {
    MutableClock clock = MutableClock.startingNow();
    SessionStore store = SessionStore.builder(client, sessionTable).clock(clock).build();
    HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    try (FilterApp app = new FilterApp(store)) {
      assertThat(get(http, app.port(), "/set?v=a")).isEqualTo("set"); // new: PutItem
      assertThat(get(http, app.port(), "/get")).isEqualTo("a"); // GetItem, no write
      clock.advance(Duration.ofMinutes(10));
      assertThat(get(http, app.port(), "/get")).isEqualTo("a"); // touch: UpdateItem
      assertThat(get(http, app.port(), "/set?v=b")).isEqualTo("set"); // delta: UpdateItem
      assertThat(get(http, app.port(), "/rotate")).isEqualTo("rotated"); // PutItem, DeleteItem
      assertThat(get(http, app.port(), "/get")).isEqualTo("b");
      assertThat(get(http, app.port(), "/logout")).isEqualTo("bye"); // DeleteItem
      assertThat(get(http, app.port(), "/get")).isEqualTo("none");
    }
  }

  private static String get(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  /** Every operation of the cache. */
  private static void cache(TtlCache<String, String> cache) {
    assertThat(cache.get("a", k -> "loaded")).isEqualTo("loaded");
    assertThat(cache.getIfPresent("a")).isEqualTo("loaded");
    cache.put("b", "2");
    cache.put("c", "3", Duration.ofMinutes(1));
    assertThat(cache.putIfAbsent("d", "4", Duration.ofMinutes(1))).isTrue();
    assertThat(cache.putIfAbsent("d", "5", Duration.ofMinutes(1))).isFalse();
    assertThat(cache.increment("n", 2, Duration.ofMinutes(1))).isEqualTo(2);
    cache.putAll(Map.of("e", "5", "f", "6"));
    assertThat(cache.getAllPresent(List.of("b", "e", "f", "missing")))
        .containsOnlyKeys("b", "e", "f");
    assertThat(
            cache.getAll(
                List.of("b", "g", "h"),
                missing -> {
                  Map<String, String> loaded = new HashMap<>();
                  missing.forEach(k -> loaded.put(k, "loaded " + k));
                  return loaded;
                }))
        .containsEntry("b", "2")
        .containsEntry("g", "loaded g")
        .containsEntry("h", "loaded h");
    cache.invalidate("a");
    cache.invalidateAll(List.of("b", "c"));
    assertThat(cache.getIfPresent("b")).isNull();
  }

  /** The deployed service: validation at start, then every route over HTTP. */
  private static void mysfitsService(DynamoDbClient client) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (MysfitsServer server =
        MysfitsService.start(
            client, mysfitsTable, sessionTable, new InetSocketAddress("127.0.0.1", 0))) {
      assertThat(get(http, server.port(), "/mysfits")).contains("Evangeline");
      assertThat(get(http, server.port(), "/mysfits?filter=GoodEvil&value=Evil"))
          .contains("Evangeline");
      assertThat(get(http, server.port(), "/mysfits?filter=LawChaos&value=Lawful"))
          .contains("Evangeline");
      assertThat(get(http, server.port(), "/mysfits/2b473002-36f8-4b87-954e-9a377e0ccbec"))
          .contains("Pauly");
    }
  }

  /** The loader as deployed: the sample data set into this test's Mysfits table. */
  private static void loadSample(DynamoDbClient client) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode file;
    try (InputStream in = MysfitsServer.class.getResourceAsStream("/mysfits/sample-data.json")) {
      file = (ObjectNode) json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    file.set(mysfitsTable, file.remove(MysfitsTable.DEFAULT_NAME));
    var report =
        MysfitsService.loader(client, mysfitsTable, sessionTable)
            .load(RequestItems.parse(file.toString(), "sample-data.json"));
    assertThat(report.total()).isGreaterThanOrEqualTo(12);
  }
}
