package io.stickless.examples.mysfits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stickless.cache.TtlCache;
import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The service over HTTP on 127.0.0.1, against dynalite, with the sample data set loaded. */
@ExtendWith(LocalDynamoDbExtension.class)
class MysfitsServiceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Small pages, so every answer of more than 3 items takes several Scan or Query calls. */
  private static final int PAGE_SIZE = 3;

  private static final CallCounter COUNTER = new CallCounter();
  private static DynamoDbClient client;
  private static String table;
  private static String cacheTable;
  private static MysfitsCatalog catalog;
  private static MysfitsLoader loader;
  private static MysfitsServer server;
  private static List<JsonNode> sample;

  @BeforeAll
  static void start(LocalDynamoDb dynamoDb) throws IOException {
    client =
        dynamoDb
            .clientBuilder()
            .overrideConfiguration(o -> o.addExecutionInterceptor(COUNTER))
            .build();
    table = LocalDynamoDb.uniqueTableName("MysfitsServiceIT");
    cacheTable = LocalDynamoDb.uniqueTableName("MysfitsServiceIT-cache");
    MysfitsTable.prepare(client, table, TableMode.CREATE);
    DynamoDbTables.prepare(client, TableSpec.of(cacheTable), TableMode.CREATE);
    catalog =
        new MysfitsCatalog(client, table, MysfitsCatalog.cache(client, cacheTable), PAGE_SIZE);
    loader = new MysfitsLoader(new BatchWriter(client), catalog);

    ObjectNode file = (ObjectNode) JSON.readTree(MysfitsLocal.sampleData());
    JsonNode entries = file.remove(MysfitsTable.DEFAULT_NAME);
    file.set(table, entries);
    loader.load(RequestItems.parse(file.toString(), "sample"));
    sample = new ArrayList<>();
    entries.forEach(e -> sample.add(e.at("/PutRequest/Item")));
    server = MysfitsServer.start(catalog, new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterAll
  static void stop() {
    server.close();
    client.close();
  }

  @BeforeEach
  void freshCache() {
    catalog.invalidate();
    COUNTER.reset();
  }

  @Test
  void unfilteredAnswersEveryItemFromEveryPageOfTheScan() throws Exception {
    HttpResponse<String> response = get("/mysfits");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ids(response)).isEqualTo(sampleIds(null, null));
    assertThat(COUNTER.calls("Scan")).isGreaterThanOrEqualTo(sample.size() / PAGE_SIZE);
  }

  @Test
  void eachFilterAnswersExactlyTheItemsWithThatValueFromEveryPage() throws Exception {
    for (String filter : List.of("GoodEvil", "LawChaos")) {
      Set<String> values =
          sample.stream().map(i -> i.at("/" + filter + "/S").asText()).collect(Collectors.toSet());
      assertThat(values).hasSizeGreaterThanOrEqualTo(3);
      for (String value : values) {
        COUNTER.reset();
        HttpResponse<String> response = get("/mysfits?filter=" + filter + "&value=" + value);

        assertThat(response.statusCode()).isEqualTo(200);
        Set<String> expected = sampleIds(filter, value);
        assertThat(ids(response)).as(filter + "=" + value).isEqualTo(expected);
        // a full last page needs one more call to learn there is nothing after it
        assertThat(COUNTER.calls("Query")).isEqualTo(expected.size() / PAGE_SIZE + 1);
        assertThat(COUNTER.calls("Scan")).isZero();
      }
    }
  }

  @Test
  void answersCarryTheWorkshopsFieldNames() throws Exception {
    JsonNode first = JSON.readTree(get("/mysfits").body()).get("mysfits").get(0);
    List<String> names = new ArrayList<>();
    first.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactly(
            "mysfitId",
            "name",
            "species",
            "description",
            "age",
            "goodevil",
            "lawchaos",
            "thumbImageUri",
            "profileImageUri",
            "likes",
            "adopted");
    assertThat(first.get("age").isNumber()).isTrue();
    assertThat(first.get("adopted").isBoolean()).isTrue();
  }

  @Test
  void secondIdenticalRequestIsServedFromTheCache() throws Exception {
    String first = get("/mysfits?filter=GoodEvil&value=Evil").body();
    assertThat(COUNTER.calls("Query")).isPositive();
    COUNTER.reset();

    String second = get("/mysfits?filter=GoodEvil&value=Evil").body();

    assertThat(second).isEqualTo(first);
    // the near cache answers: no DynamoDB call at all
    assertThat(COUNTER.total()).isZero();
  }

  @Test
  void withoutNearCacheARepeatReadsTheCachedAnswerNotTheTable() {
    MysfitsCatalog noNear =
        new MysfitsCatalog(
            client,
            table,
            TtlCache.builder(client, cacheTable).name("mysfits-nonear").build(),
            PAGE_SIZE);
    String first = noNear.all();
    COUNTER.reset();

    assertThat(noNear.all()).isEqualTo(first);
    assertThat(COUNTER.calls("Scan")).isZero();
    // the answer; plus the cache's generation if its once-a-second re-read fell due in between
    assertThat(COUNTER.calls("GetItem")).isBetween(1L, 2L);
    assertThat(COUNTER.total()).isEqualTo(COUNTER.calls("GetItem"));
  }

  @Test
  void loadingInvalidatesCachedAnswers() throws Exception {
    Set<String> before = ids(get("/mysfits?filter=LawChaos&value=Neutral"));
    String newcomer =
        "{\"PutRequest\": {\"Item\": {\"MysfitId\": {\"S\": \"newcomer\"}, \"Name\": {\"S\":"
            + " \"Newt\"}, \"GoodEvil\": {\"S\": \"Good\"}, \"LawChaos\": {\"S\": \"Neutral\"}}}}";
    try {
      loader.load(RequestItems.parse("{\"" + table + "\": [" + newcomer + "]}", "newcomer"));

      Set<String> after = ids(get("/mysfits?filter=LawChaos&value=Neutral"));
      assertThat(after).containsAll(before).contains("newcomer").hasSize(before.size() + 1);
    } finally {
      loader.load(
          RequestItems.parse(
              "{\""
                  + table
                  + "\": [{\"DeleteRequest\": {\"Key\": {\"MysfitId\": {\"S\": \"newcomer\"}}}}]}",
              "cleanup"));
    }
  }

  @Test
  void oneMysfitById() throws Exception {
    JsonNode item = sample.get(0);
    HttpResponse<String> response = get("/mysfits/" + item.at("/MysfitId/S").asText());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("name").asText()).isEqualTo(item.at("/Name/S").asText());
    assertThat(body.get("likes").asText()).isEqualTo(item.at("/Likes/N").asText());

    HttpResponse<String> missing = get("/mysfits/no-such-mysfit");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(missing.body()).get("error").asText()).contains("no-such-mysfit");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/mysfits?filter=Bogus&value=Evil",
        "/mysfits?filter=GoodEvil",
        "/mysfits?filter=GoodEvil&value=",
        "/mysfits?value=Evil",
        "/mysfits?filter=GoodEvil&value=%3Cscript%3E",
        "/mysfits?filter=GoodEvil&value=Evil%00",
        "/mysfits?filter=GoodEvil&value=%C3%A9vil",
        "/mysfits?filter=GoodEvil&value=Evil&filter=LawChaos",
        "/mysfits?limit=10",
        "/mysfits/bad%20id!",
        "/mysfits?filter=goodevil&value=Evil"
      })
  void badQueriesAnswer400WithAJsonError(String path) throws Exception {
    HttpResponse<String> response = get(path);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(response.body()).get("error").asText()).isNotBlank();
    assertThat(COUNTER.calls("Scan") + COUNTER.calls("Query")).isZero();
  }

  @Test
  void backendOutageAnswers503(LocalDynamoDb dynamoDb) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (DynamoDbClient dead =
            dynamoDb
                .clientBuilder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5)))
                .build();
        MysfitsServer broken =
            MysfitsServer.start(
                new MysfitsCatalog(dead, table, MysfitsCatalog.cache(dead, "unreachable")),
                new InetSocketAddress("127.0.0.1", 0))) {
      HttpResponse<String> response = get(broken.port(), "/mysfits?filter=GoodEvil&value=Evil");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(JSON.readTree(response.body()).get("error").asText()).contains("unavailable");
    }
  }

  @Test
  void servesThePageWithTheFilterDropDowns() throws Exception {
    HttpResponse<String> response = get("/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(response.body())
        .contains("<select id=\"filter\"", "<select id=\"value\"", "/mysfits");
  }

  private static Set<String> sampleIds(String filter, String value) {
    return sample.stream()
        .filter(i -> filter == null || i.at("/" + filter + "/S").asText().equals(value))
        .map(i -> i.at("/MysfitId/S").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> ids(HttpResponse<String> response) throws IOException {
    Set<String> ids = new HashSet<>();
    List<String> all = new ArrayList<>();
    JSON.readTree(response.body()).get("mysfits").forEach(m -> all.add(m.get("mysfitId").asText()));
    ids.addAll(all);
    assertThat(all).as("no item twice").hasSameSizeAs(ids);
    return new TreeSet<>(ids);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return get(server.port(), path);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
