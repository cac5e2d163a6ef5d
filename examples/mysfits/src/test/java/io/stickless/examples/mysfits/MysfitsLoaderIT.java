package io.stickless.examples.mysfits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.cache.TtlCache;
import io.stickless.table.DynamoDbTables;
import io.stickless.table.TableMode;
import io.stickless.table.TableSpec;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(LocalDynamoDbExtension.class)
class MysfitsLoaderIT {

  private static final CallCounter COUNTER = new CallCounter();
  private static DynamoDbClient client;
  private static String table;
  private static MysfitsCatalog catalog;
  private static MysfitsLoader loader;

  @BeforeAll
  static void createTables(LocalDynamoDb dynamoDb) {
    client =
        dynamoDb
            .clientBuilder()
            .overrideConfiguration(o -> o.addExecutionInterceptor(COUNTER))
            .build();
    table = LocalDynamoDb.uniqueTableName("MysfitsLoaderIT");
    String cacheTable = LocalDynamoDb.uniqueTableName("MysfitsLoaderIT-cache");
    MysfitsTable.prepare(client, table, TableMode.CREATE);
    DynamoDbTables.prepare(client, TableSpec.of(cacheTable), TableMode.CREATE);
    TtlCache<String, String> cache =
        TtlCache.builder(client, cacheTable)
            .name("mysfits")
            .defaultTtl(MysfitsCatalog.ANSWER_TTL)
            .build();
    catalog = new MysfitsCatalog(client, table, cache);
    loader = new MysfitsLoader(new BatchWriter(client), catalog);
  }

  @AfterAll
  static void closeClient() {
    client.close();
  }

  @Test
  void roundTripsEveryAttributeType(@TempDir Path dir) throws IOException {
    String b64 = Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 255});
    Path file =
        write(
            dir,
            """
            {"%s": [{"PutRequest": {"Item": {
              "MysfitId": {"S": "all-types"}, "GoodEvil": {"S": "Good"}, "LawChaos": {"S": "Lawful"},
              "Age": {"N": "12.50"}, "Blob": {"B": "%s"}, "Adopted": {"BOOL": false},
              "Nothing": {"NULL": true},
              "Map": {"M": {"nested": {"L": [{"S": "x"}, {"N": "3"}, {"BOOL": true}]}}},
              "List": {"L": [{"M": {"k": {"S": "v"}}}, {"NULL": true}]},
              "Tags": {"SS": ["fluffy", "loud"]}, "Lucky": {"NS": ["7", "13"]},
              "Charms": {"BS": ["%s", "AA=="]}}}}]}
            """
                .formatted(table, b64, b64));

    LoadReport report = loader.load(file);

    assertThat(report.puts()).containsEntry(table, 1);
    Map<String, AttributeValue> item = get("all-types");
    SdkBytes blob = SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255});
    assertThat(item)
        .containsEntry("Age", AttributeValue.fromN("12.5"))
        .containsEntry("Blob", AttributeValue.fromB(blob))
        .containsEntry("Adopted", AttributeValue.fromBool(false))
        .containsEntry("Nothing", AttributeValue.fromNul(true))
        .containsEntry(
            "Map",
            AttributeValue.fromM(
                Map.of(
                    "nested",
                    AttributeValue.fromL(
                        List.of(
                            AttributeValue.fromS("x"),
                            AttributeValue.fromN("3"),
                            AttributeValue.fromBool(true))))))
        .containsEntry(
            "List",
            AttributeValue.fromL(
                List.of(
                    AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))),
                    AttributeValue.fromNul(true))));
    assertThat(item.get("Tags").ss()).containsExactlyInAnyOrder("fluffy", "loud");
    assertThat(item.get("Lucky").ns()).containsExactlyInAnyOrder("7", "13");
    assertThat(item.get("Charms").bs())
        .containsExactlyInAnyOrder(blob, SdkBytes.fromByteArray(new byte[] {0}));
  }

  @Test
  void writesInBatchesOf25AndDeletes(@TempDir Path dir) throws IOException {
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      entries.append(i == 0 ? "" : ",").append(put("batch-" + i));
    }
    COUNTER.reset();
    LoadReport report = loader.load(write(dir, "{\"" + table + "\": [" + entries + "]}"));

    assertThat(report.puts()).containsEntry(table, 60);
    assertThat(report.calls()).isEqualTo(3);
    assertThat(COUNTER.calls("BatchWriteItem")).isEqualTo(3);
    assertThat(get("batch-59")).containsEntry("Name", AttributeValue.fromS("batch-59"));

    LoadReport deleted =
        loader.load(
            write(
                dir,
                "{\""
                    + table
                    + "\": [{\"DeleteRequest\": {\"Key\": {\"MysfitId\": {\"S\":"
                    + " \"batch-59\"}}}}]}"));
    assertThat(deleted.deletes()).containsEntry(table, 1);
    assertThat(get("batch-59")).isEmpty();
  }

  @Test
  void malformedFileLeavesTheTableUnchanged(@TempDir Path dir) throws IOException {
    loader.load(write(dir, "{\"" + table + "\": [" + put("before") + "]}"));
    List<Map<String, AttributeValue>> before = scan();
    COUNTER.reset();
    // 30 good entries (more than one batch) and one bad one at the end
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      entries.append(put("never-" + i)).append(",");
    }
    entries.append(
        "{\"PutRequest\": {\"Item\": {\"MysfitId\": {\"S\": \"x\"}, \"Age\": {\"N\": \"old\"}}}}");
    Path file = write(dir, "{\"" + table + "\": [" + entries + "]}");

    assertThatThrownBy(() -> loader.load(file))
        .isInstanceOf(RequestItemsException.class)
        .hasMessageContaining(table + "[30].PutRequest.Item.Age.N: 'old' is not a number");
    assertThat(COUNTER.calls("BatchWriteItem")).isZero();
    assertThat(scan()).containsExactlyInAnyOrderElementsOf(before);
  }

  private static String put(String id) {
    return "{\"PutRequest\": {\"Item\": {\"MysfitId\": {\"S\": \"%s\"}, \"Name\": {\"S\": \"%s\"}, \"GoodEvil\": {\"S\": \"Good\"}, \"LawChaos\": {\"S\": \"Lawful\"}}}}"
        .formatted(id, id);
  }

  private static Path write(Path dir, String json) throws IOException {
    return Files.writeString(Files.createTempFile(dir, "items", ".json"), json);
  }

  private static Map<String, AttributeValue> get(String id) {
    return client
        .getItem(
            b ->
                b.tableName(table)
                    .key(Map.of("MysfitId", AttributeValue.fromS(id)))
                    .consistentRead(true))
        .item();
  }

  private static List<Map<String, AttributeValue>> scan() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
    return items;
  }
}
