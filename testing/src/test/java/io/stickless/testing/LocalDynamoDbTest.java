package io.stickless.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@ExtendWith(LocalDynamoDbExtension.class)
class LocalDynamoDbTest {

  @Test
  void serverListensOnLoopbackAndAnswers(LocalDynamoDb server, DynamoDbClient client) {
    assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(server.port()).isPositive().isNotEqualTo(4567);
    assertThat(server.isRunning()).isTrue();
    assertThat(client.listTables().tableNames()).isNotNull();
  }

  @Test
  void oneServerServesTheWholeRun(LocalDynamoDb server) {
    assertThat(server).isSameAs(LocalDynamoDb.shared());
    assertThat(LocalDynamoDb.startCount()).isEqualTo(1);
  }

  @Test
  void testTableIsUniquePerClassAndCreatesTheTutorialSchema(TestTable table, TestTable again) {
    assertThat(table).isSameAs(again);
    assertThat(table.name()).startsWith("LocalDynamoDbTest-");
    table.createWithTutorialSchema();
    table.createWithTutorialSchema();
    assertThat(
            table
                .client()
                .describeTable(b -> b.tableName(table.name()))
                .table()
                .keySchema()
                .get(0)
                .attributeName())
        .isEqualTo("key");
  }

  @Test
  void uniqueTableNamesNeverRepeat() {
    assertThat(LocalDynamoDb.uniqueTableName("x y")).startsWith("x-y-");
    assertThat(LocalDynamoDb.uniqueTableName("t")).isNotEqualTo(LocalDynamoDb.uniqueTableName("t"));
  }

  @Test
  void missingNodeIsNamedInTheMessage() {
    assertThatThrownBy(() -> LocalDynamoDb.checkNodeVersion("/nonexistent/node-binary"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Node.js was not found")
        .hasMessageContaining("Node.js 20 or newer")
        .hasMessageContaining("-Dstickless.node");
  }

  @Test
  void nodeVersionsAreParsed() {
    assertThat(LocalDynamoDb.parseNodeMajor("v20.20.2")).isEqualTo(20);
    assertThat(LocalDynamoDb.parseNodeMajor("v18.1.0")).isEqualTo(18);
    assertThat(LocalDynamoDb.parseNodeMajor("garbage")).isEqualTo(-1);
  }

  @Test
  void missingDynaliteSaysHowToInstallIt() {
    String before = System.getProperty(LocalDynamoDb.DIR_PROPERTY);
    System.setProperty(LocalDynamoDb.DIR_PROPERTY, "/nonexistent/dir");
    try {
      assertThatThrownBy(LocalDynamoDb::locateDynalite)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("holds no dynalite")
          .hasMessageContaining("./mvnw -pl testing initialize");
    } finally {
      if (before == null) {
        System.clearProperty(LocalDynamoDb.DIR_PROPERTY);
      } else {
        System.setProperty(LocalDynamoDb.DIR_PROPERTY, before);
      }
    }
  }
}
