package io.stickless.examples.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the policy documents of the CloudFormation templates as sets of {@link Grant}s. Resources
 * must name one of our tables or indexes, written as {@code Fn::GetAtt [Table, Arn]}, {@code
 * Fn::Sub "${Table.Arn}/index/Name"} or {@code Fn::Sub "arn:...:table/${TableNameParameter}"};
 * anything else (a wildcard, another service) fails.
 */
final class Templates {

  /** Logical ids and parameters of the templates, by the role of the table they stand for. */
  static final Map<String, String> ROLES =
      Map.of(
          "SessionTable", Recorder.STICKLESS,
          "CacheTableName", Recorder.STICKLESS,
          "SessionTableName", Recorder.STICKLESS,
          "MysfitsTable", Recorder.MYSFITS,
          "MysfitsTableName", Recorder.MYSFITS);

  private static final Pattern GET_ATT_SUB =
      Pattern.compile("\\$\\{(\\w+)\\.Arn}(/index/[\\w.-]+)?");
  private static final Pattern ARN_SUB =
      Pattern.compile(
          "arn:\\$\\{AWS::Partition}:dynamodb:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:table/"
              + "\\$\\{(\\w+)}(/index/[\\w.-]+)?");

  private Templates() {}

  static Path dir() {
    return Path.of(System.getProperty("infra.dir", "."));
  }

  static List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(dir().resolve("cloudformation"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  static JsonNode read(String template) throws IOException {
    return new YAMLMapper().readTree(dir().resolve("cloudformation").resolve(template).toFile());
  }

  /** Every policy document of a template, by the logical id of its resource. */
  static Map<String, JsonNode> policies(JsonNode template) {
    Map<String, JsonNode> policies = new java.util.TreeMap<>();
    template
        .get("Resources")
        .fields()
        .forEachRemaining(
            r -> {
              JsonNode document = r.getValue().at("/Properties/PolicyDocument");
              if (!document.isMissingNode()) {
                policies.put(r.getKey(), document);
              }
            });
    return policies;
  }

  /**
   * The grants of a policy document.
   *
   * @throws AssertionError when a statement is not a plain Allow of dynamodb actions on our tables
   */
  static Set<Grant> grants(JsonNode document) {
    Set<Grant> grants = new TreeSet<>();
    for (JsonNode statement : document.get("Statement")) {
      String sid = statement.path("Sid").asText("(no Sid)");
      check(statement.path("Effect").asText().equals("Allow"), sid + ": only Allow statements");
      check(!statement.has("NotAction") && !statement.has("NotResource"), sid + ": no Not*");
      for (JsonNode action : list(statement.get("Action"))) {
        String name = action.asText();
        check(
            name.matches("dynamodb:[A-Za-z]+"),
            sid + ": action '" + name + "' is not one named DynamoDB action (no wildcards)");
        for (JsonNode resource : list(statement.get("Resource"))) {
          grants.add(new Grant(name, resource(sid, resource)));
        }
      }
    }
    return grants;
  }

  private static String resource(String sid, JsonNode resource) {
    if (resource.has("Fn::GetAtt")) {
      JsonNode att = resource.get("Fn::GetAtt");
      check(att.get(1).asText().equals("Arn"), sid + ": GetAtt of something else than Arn");
      return role(sid, att.get(0).asText(), null);
    }
    if (resource.has("Fn::Sub")) {
      String sub = resource.get("Fn::Sub").asText();
      for (Pattern pattern : List.of(GET_ATT_SUB, ARN_SUB)) {
        Matcher m = pattern.matcher(sub);
        if (m.matches()) {
          return role(sid, m.group(1), m.group(2));
        }
      }
    }
    throw new AssertionError(
        sid + ": resource " + resource + " is not one of our tables or indexes (never \"*\")");
  }

  private static String role(String sid, String name, String indexSuffix) {
    String role = ROLES.get(name);
    check(role != null, sid + ": '" + name + "' is not a known table or table name parameter");
    return indexSuffix == null ? role : role + indexSuffix;
  }

  private static List<JsonNode> list(JsonNode node) {
    check(node != null, "a statement without Action or Resource");
    List<JsonNode> result = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(result::add);
    } else {
      result.add(node);
    }
    return result;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }
}
