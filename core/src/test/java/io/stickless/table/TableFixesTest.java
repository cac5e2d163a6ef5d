package io.stickless.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TableFixesTest {

  private static final ClientTarget UNKNOWN = new ClientTarget(null, null);

  @Test
  void cliCommandsForTheTutorialSchemaAreTheDocumentedOnes() {
    TableSpec spec = TableSpec.of("app-sessions");

    assertThat(TableFixes.createTableCli(spec, UNKNOWN))
        .isEqualTo(
            "aws dynamodb create-table --table-name app-sessions"
                + " --attribute-definitions AttributeName=key,AttributeType=S"
                + " --key-schema AttributeName=key,KeyType=HASH --billing-mode PAY_PER_REQUEST");
    assertThat(TableFixes.enableTtlCli(spec, UNKNOWN))
        .isEqualTo(
            "aws dynamodb update-time-to-live --table-name app-sessions"
                + " --time-to-live-specification Enabled=true,AttributeName=ttl");
  }

  @Test
  void cliCommandsTargetTheClientsRegionAndEndpoint() {
    ClientTarget target = new ClientTarget("eu-west-1", URI.create("http://localhost:8000"));

    assertThat(TableFixes.enableTtlCli(TableSpec.of("app-sessions"), target))
        .endsWith("AttributeName=ttl --region eu-west-1 --endpoint-url http://localhost:8000");
    assertThat(target.describe()).isEqualTo(" (region eu-west-1, endpoint http://localhost:8000)");
    assertThat(UNKNOWN.describe()).isEmpty();
  }

  @Test
  void cliQuotesAttributeNamesTheShellWouldSplit() {
    TableSpec spec = TableSpec.builder("app-sessions").keyAttribute("my key").build();

    assertThat(TableFixes.createTableCli(spec, UNKNOWN))
        .contains("--attribute-definitions 'AttributeName=my key,AttributeType=S'")
        .contains("--key-schema 'AttributeName=my key,KeyType=HASH'");
    assertThat(ClientTarget.shellQuote("it's")).isEqualTo("'it'\\''s'");
  }

  @Test
  void cloudFormationDescribesTheWholeTable() {
    TableSpec spec =
        TableSpec.builder("app-sessions").keyAttribute("pk").ttlAttribute("expires").build();

    assertThat(TableFixes.cloudFormation(spec))
        .isEqualTo(
            String.join(
                "\n",
                "Resources:",
                "  SticklessTable:",
                "    Type: AWS::DynamoDB::Table",
                "    Properties:",
                "      TableName: app-sessions",
                "      BillingMode: PAY_PER_REQUEST",
                "      AttributeDefinitions:",
                "        - AttributeName: pk",
                "          AttributeType: S",
                "      KeySchema:",
                "        - AttributeName: pk",
                "          KeyType: HASH",
                "      TimeToLiveSpecification:",
                "        AttributeName: expires",
                "        Enabled: true"));
  }

  @Test
  void cloudFormationQuotesNamesYamlWouldMisread() {
    TableSpec spec =
        TableSpec.builder("app-sessions").keyAttribute("on").ttlAttribute("a\"b").build();

    assertThat(TableFixes.cloudFormation(spec))
        .contains("- AttributeName: \"on\"")
        .contains("AttributeName: \"a\\\"b\"");
  }
}
