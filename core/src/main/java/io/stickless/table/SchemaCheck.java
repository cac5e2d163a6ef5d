package io.stickless.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Compares a described table with a {@link TableSpec} and words what does not fit. */
final class SchemaCheck {

  private SchemaCheck() {}

  /** What keeps the table from holding Stickless items; empty when it fits. */
  static List<String> problems(TableDescription table, TableSpec spec) {
    List<String> problems = new ArrayList<>();
    Optional<KeySchemaElement> hash = keyElement(table, KeyType.HASH);
    if (hash.isEmpty()) {
      problems.add("it has no hash key");
    } else {
      String name = hash.get().attributeName();
      if (!name.equals(spec.keyAttribute())) {
        problems.add(
            "its hash key is '"
                + name
                + "', but Stickless is configured with the key attribute '"
                + spec.keyAttribute()
                + "'");
      }
      String type = attributeType(table, name);
      if (!ScalarAttributeType.S.toString().equals(type)) {
        problems.add(
            "its hash key '"
                + name
                + "' has type "
                + type
                + ", but Stickless needs type S (String)");
      }
    }
    keyElement(table, KeyType.RANGE)
        .ifPresent(
            range ->
                problems.add(
                    "it has a sort key '"
                        + range.attributeName()
                        + "' (KeyType RANGE), but Stickless needs a table with a hash key only"));
    return problems;
  }

  /** The message for a table that exists but does not fit. */
  static String mismatchMessage(
      TableDescription table, TableSpec spec, List<String> problems, ClientTarget target) {
    StringBuilder m =
        new StringBuilder("DynamoDB table '")
            .append(spec.tableName())
            .append("'")
            .append(target.describe())
            .append(" cannot hold Stickless items:\n");
    for (String problem : problems) {
      m.append("  - ").append(problem).append('\n');
    }
    m.append("A table's key schema cannot be changed after it is created. ");
    Optional<KeySchemaElement> hash = keyElement(table, KeyType.HASH);
    if (problems.size() == 1
        && hash.isPresent()
        && !hash.get().attributeName().equals(spec.keyAttribute())) {
      String actual = hash.get().attributeName();
      m.append("If this table was made for Stickless with another key name, configure the key")
          .append(" attribute '")
          .append(actual)
          .append("' instead (TableSpec.builder(\"")
          .append(spec.tableName())
          .append("\").keyAttribute(\"")
          .append(actual)
          .append("\")). Otherwise create a");
    } else {
      m.append("Create a");
    }
    m.append(" dedicated table (delete '")
        .append(spec.tableName())
        .append("' first, or choose another table name) ")
        .append(TableFixes.howToCreate(spec, target));
    return m.toString();
  }

  /** The message for a table that does not exist. */
  static String missingMessage(TableSpec spec, ClientTarget target) {
    return "DynamoDB table '"
        + spec.tableName()
        + "' does not exist"
        + target.describe()
        + ". Create it "
        + TableFixes.howToCreate(spec, target)
        + "\nor, in development and tests only, let Stickless create it at start-up with"
        + " TableMode.CREATE.";
  }

  private static Optional<KeySchemaElement> keyElement(TableDescription table, KeyType type) {
    return table.keySchema().stream().filter(k -> k.keyType() == type).findFirst();
  }

  private static String attributeType(TableDescription table, String name) {
    return table.attributeDefinitions().stream()
        .filter(d -> d.attributeName().equals(name))
        .map(AttributeDefinition::attributeTypeAsString)
        .findFirst()
        .orElse("(undefined)");
  }
}
