package io.stickless.table;

import static io.stickless.table.ClientTarget.shellQuote;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The commands and templates that make the table a {@link TableSpec} describes. */
final class TableFixes {

  private static final Pattern YAML_PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
  private static final Set<String> YAML_KEYWORDS =
      Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");

  private TableFixes() {}

  static String createTableCli(TableSpec spec, ClientTarget target) {
    return "aws dynamodb create-table --table-name "
        + spec.tableName()
        + " --attribute-definitions "
        + shellQuote("AttributeName=" + spec.keyAttribute() + ",AttributeType=S")
        + " --key-schema "
        + shellQuote("AttributeName=" + spec.keyAttribute() + ",KeyType=HASH")
        + " --billing-mode PAY_PER_REQUEST"
        + target.cliOptions();
  }

  static String enableTtlCli(TableSpec spec, ClientTarget target) {
    return "aws dynamodb update-time-to-live --table-name "
        + spec.tableName()
        + " --time-to-live-specification "
        + shellQuote("Enabled=true,AttributeName=" + spec.ttlAttribute())
        + target.cliOptions();
  }

  static String cloudFormation(TableSpec spec) {
    String key = yaml(spec.keyAttribute());
    return String.join(
        "\n",
        "Resources:",
        "  SticklessTable:",
        "    Type: AWS::DynamoDB::Table",
        "    Properties:",
        "      TableName: " + spec.tableName(),
        "      BillingMode: PAY_PER_REQUEST",
        "      AttributeDefinitions:",
        "        - AttributeName: " + key,
        "          AttributeType: S",
        "      KeySchema:",
        "        - AttributeName: " + key,
        "          KeyType: HASH",
        "      TimeToLiveSpecification:",
        "        AttributeName: " + yaml(spec.ttlAttribute()),
        "        Enabled: true");
  }

  /** The block that ends a "table missing or wrong" message: CLI, CloudFormation, indented. */
  static String howToCreate(TableSpec spec, ClientTarget target) {
    return "with the AWS CLI:\n"
        + "  "
        + createTableCli(spec, target)
        + "\n  "
        + enableTtlCli(spec, target)
        + "\nor with CloudFormation:\n"
        + cloudFormation(spec).indent(2).stripTrailing();
  }

  private static String yaml(String value) {
    if (YAML_PLAIN.matcher(value).matches()
        && !YAML_KEYWORDS.contains(value.toLowerCase(Locale.ROOT))) {
      return value;
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
