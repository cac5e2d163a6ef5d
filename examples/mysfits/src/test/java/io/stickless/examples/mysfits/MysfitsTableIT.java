package io.stickless.examples.mysfits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.table.TableMode;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

@ExtendWith(LocalDynamoDbExtension.class)
class MysfitsTableIT {

  @Test
  void createMakesBothIndexesProjectingAllAndValidateThenPasses(DynamoDbClient client) {
    String name = LocalDynamoDb.uniqueTableName("MysfitsTableIT");

    MysfitsTable.prepare(client, name, TableMode.CREATE);
    MysfitsTable.prepare(client, name, TableMode.VALIDATE);
    MysfitsTable.prepare(client, name, TableMode.CREATE); // idempotent

    assertThat(client.describeTable(b -> b.tableName(name)).table().globalSecondaryIndexes())
        .extracting(
            GlobalSecondaryIndexDescription::indexName, i -> i.projection().projectionType())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("GoodEvilIndex", ProjectionType.ALL),
            org.assertj.core.groups.Tuple.tuple("LawChaosIndex", ProjectionType.ALL));
  }

  @Test
  void validateNamesAMissingTableAndTheFix(DynamoDbClient client) {
    assertThatThrownBy(
            () -> MysfitsTable.prepare(client, "no-such-mysfits-table", TableMode.VALIDATE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'no-such-mysfits-table' does not exist")
        .hasMessageContaining("mysfits.yaml");
  }

  @Test
  void validateSaysWhatDiffersFromTheWorkshopsTable(DynamoDbClient client, TestTable table) {
    String name = table.createWithTutorialSchema();

    assertThatThrownBy(() -> MysfitsTable.prepare(client, name, TableMode.VALIDATE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("its key is (key) instead of (MysfitId)")
        .hasMessageContaining("index GoodEvilIndex is missing")
        .hasMessageContaining("index LawChaosIndex is missing");
  }
}
