package io.stickless.examples.mysfits;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A validated file in the exact format of {@code aws dynamodb batch-write-item --request-items
 * file://...}: a JSON object of table name to a list of {@code {"PutRequest": {"Item": {...}}}} or
 * {@code {"DeleteRequest": {"Key": {...}}}}, values in DynamoDB's typed JSON (S, N, B, BOOL, NULL,
 * M, L, SS, NS, BS).
 *
 * <pre>{@code
 * RequestItems items = RequestItems.read(Path.of("mysfits.json")); // checks the whole file first
 * LoadReport report = new BatchWriter(dynamoDb).write(items);
 * }</pre>
 *
 * Unlike the CLI, which takes at most 25 requests, a file may hold any number: {@link BatchWriter}
 * splits them.
 */
public final class RequestItems {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

  private final Map<String, List<WriteRequest>> byTable;

  private RequestItems(Map<String, List<WriteRequest>> byTable) {
    this.byTable = byTable;
  }

  /**
   * Reads and validates a file.
   *
   * @throws RequestItemsException when the file is not JSON or any entry is malformed; the message
   *     names every bad entry and its problem
   * @throws UncheckedIOException when the file cannot be read
   */
  public static RequestItems read(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read request items file " + file, e);
    }
    return parse(json, file.toString());
  }

  /**
   * Validates request items given as JSON text; {@code source} names it in messages.
   *
   * @throws RequestItemsException when the text is not JSON or any entry is malformed
   */
  public static RequestItems parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new RequestItemsException(
          source,
          List.of(
              "not valid JSON: "
                  + e.getOriginalMessage()
                  + " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()),
          e);
    }
    List<String> problems = new ArrayList<>();
    Map<String, List<WriteRequest>> byTable = new LinkedHashMap<>();
    if (root == null || !root.isObject() || root.isEmpty()) {
      problems.add(
          "the top level must be a non-empty object of table name to a list of requests, got "
              + TypedJson.kind(root));
    } else {
      TypedJson typed = new TypedJson(problems);
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> table = it.next();
        byTable.put(table.getKey(), requests(table.getKey(), table.getValue(), typed, problems));
      }
    }
    if (!problems.isEmpty()) {
      throw new RequestItemsException(source, problems, null);
    }
    return new RequestItems(byTable);
  }

  private static List<WriteRequest> requests(
      String table, JsonNode entries, TypedJson typed, List<String> problems) {
    if (!TABLE_NAME.matcher(table).matches()) {
      problems.add(
          "'" + table + "': not a DynamoDB table name (3-255 characters of A-Z a-z 0-9 _ . -)");
    }
    List<WriteRequest> requests = new ArrayList<>();
    if (entries == null || !entries.isArray() || entries.isEmpty()) {
      problems.add(
          table + ": expected a non-empty list of requests, got " + TypedJson.kind(entries));
      return requests;
    }
    for (int i = 0; i < entries.size(); i++) {
      WriteRequest request = request(entries.get(i), table + "[" + i + "]", typed, problems);
      if (request != null) {
        requests.add(request);
      }
    }
    return requests;
  }

  private static WriteRequest request(
      JsonNode entry, String path, TypedJson typed, List<String> problems) {
    if (entry == null || !entry.isObject() || entry.size() != 1) {
      problems.add(
          path
              + ": expected {\"PutRequest\": {\"Item\": {...}}} or {\"DeleteRequest\": {\"Key\":"
              + " {...}}}, got "
              + TypedJson.kind(entry));
      return null;
    }
    String kind = entry.fieldNames().next();
    JsonNode body = entry.get(kind);
    String field = kind.equals("PutRequest") ? "Item" : "Key";
    if (!kind.equals("PutRequest") && !kind.equals("DeleteRequest")) {
      problems.add(path + ": unknown request '" + kind + "'; use PutRequest or DeleteRequest");
      return null;
    }
    if (!body.isObject() || body.size() != 1 || !body.has(field)) {
      problems.add(
          path + "." + kind + ": expected {\"" + field + "\": {...}}, got " + TypedJson.kind(body));
      return null;
    }
    Map<String, AttributeValue> attributes =
        typed.item(body.get(field), path + "." + kind + "." + field);
    if (attributes == null) {
      return null;
    }
    return kind.equals("PutRequest")
        ? WriteRequest.builder().putRequest(PutRequest.builder().item(attributes).build()).build()
        : WriteRequest.builder()
            .deleteRequest(DeleteRequest.builder().key(attributes).build())
            .build();
  }

  /** The table names, in file order. */
  public List<String> tables() {
    return List.copyOf(byTable.keySet());
  }

  /** The requests for one table, in file order; empty for a table the file does not name. */
  public List<WriteRequest> requests(String table) {
    return List.copyOf(byTable.getOrDefault(table, List.of()));
  }

  /** How many requests the file holds, over all tables. */
  public int size() {
    return byTable.values().stream().mapToInt(List::size).sum();
  }
}
