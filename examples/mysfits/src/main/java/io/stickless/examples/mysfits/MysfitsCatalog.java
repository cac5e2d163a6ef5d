package io.stickless.examples.mysfits;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stickless.cache.TtlCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * The Mysfits read model: answers as JSON text, read from {@code MysfitsTable} (a {@code Scan} for
 * all, a {@code Query} on an index per filter, every page; a {@code GetItem} per id) and cached
 * through a {@link TtlCache} in the Stickless table with a short TTL.
 *
 * <p>Invalidation: {@link #invalidate()} is {@link TtlCache#clear()}, one {@code UpdateItem} of the
 * cache's generation counter whatever the cache holds: every answer cached before is unreachable at
 * once and expires by its TTL; no list of cached keys is needed. Other nodes see the clear within
 * their near cache's staleness.
 *
 * <pre>{@code
 * TtlCache<String, String> cache = TtlCache.builder(dynamoDb, "app-cache").name("mysfits")
 *     .defaultTtl(Duration.ofSeconds(30)).nearCache(1_000, Duration.ofSeconds(2)).build();
 * MysfitsCatalog catalog = new MysfitsCatalog(dynamoDb, "MysfitsTable", cache);
 * String json = catalog.filtered(MysfitsFilter.GoodEvil, "Evil"); // {"mysfits":[...]}
 * }</pre>
 */
public final class MysfitsCatalog {

  /** How long answers are cached by {@link #cache(DynamoDbClient, String)}. */
  public static final Duration ANSWER_TTL = Duration.ofSeconds(30);

  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final TtlCache<String, String> cache;
  private final Integer pageSize;

  /**
   * A catalog reading this table and caching in {@code cache} (string keys and values; use a cache
   * name of its own, e.g. {@code "mysfits"}). The client is not closed by the catalog.
   */
  public MysfitsCatalog(DynamoDbClient dynamoDb, String tableName, TtlCache<String, String> cache) {
    this(dynamoDb, tableName, cache, null);
  }

  /** As above, asking DynamoDB for at most {@code pageSize} items per page (null: its 1 MB). */
  MysfitsCatalog(
      DynamoDbClient dynamoDb, String tableName, TtlCache<String, String> cache, Integer pageSize) {
    this.dynamoDb = requireNonNull(dynamoDb, "dynamoDb");
    this.tableName = requireNonNull(tableName, "tableName");
    this.cache = requireNonNull(cache, "cache");
    this.pageSize = pageSize;
  }

  /**
   * The cache the service uses: entries {@code cache:mysfits:...} in the Stickless table, {@link
   * #ANSWER_TTL}, and a near cache of 1,000 answers at most 2 s stale.
   */
  public static TtlCache<String, String> cache(DynamoDbClient dynamoDb, String cacheTable) {
    return TtlCache.builder(dynamoDb, cacheTable)
        .name("mysfits")
        .defaultTtl(ANSWER_TTL)
        .nearCache(1_000, Duration.ofSeconds(2))
        .build();
  }

  /** {@code {"mysfits":[...]}} with every item of the table (every page of the scan). */
  public String all() {
    return cache.get("all", k -> listJson(scanAll()));
  }

  /** {@code {"mysfits":[...]}} with the items whose filter attribute equals {@code value}. */
  public String filtered(MysfitsFilter filter, String value) {
    requireNonNull(filter, "filter");
    requireNonNull(value, "value");
    return cache.get(filter.name() + "=" + value, k -> listJson(query(filter, value)));
  }

  /** The mysfit's JSON, or null when there is no item with this id. */
  public String mysfit(String id) {
    requireNonNull(id, "id");
    return cache.get("id=" + id, k -> itemJson(id));
  }

  /** Makes every cached answer unreachable: the next request of each kind reads the table. */
  public void invalidate() {
    cache.clear();
  }

  // the SDK's paginators send one call per page, as many as it takes
  private List<Map<String, AttributeValue>> scanAll() {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    dynamoDb
        .scanPaginator(
            b ->
                b.tableName(tableName)
                    .limit(pageSize)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
        .items()
        .forEach(items::add);
    return items;
  }

  private List<Map<String, AttributeValue>> query(MysfitsFilter filter, String value) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    dynamoDb
        .queryPaginator(
            b ->
                b.tableName(tableName)
                    .indexName(filter.indexName())
                    .keyConditionExpression("#k = :v")
                    .expressionAttributeNames(Map.of("#k", filter.attribute()))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(value)))
                    .limit(pageSize)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
        .items()
        .forEach(items::add);
    return items;
  }

  private String itemJson(String id) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b ->
                    b.tableName(tableName)
                        .key(Map.of(Mysfit.ID, AttributeValue.fromS(id)))
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
            .item();
    return item == null || item.isEmpty() ? null : write(Mysfit.fromItem(item));
  }

  private static String listJson(List<Map<String, AttributeValue>> items) {
    return write(Map.of("mysfits", items.stream().map(Mysfit::fromItem).toList()));
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write mysfits as JSON", e);
    }
  }
}
