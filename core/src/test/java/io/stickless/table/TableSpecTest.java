package io.stickless.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableSpecTest {

  @Test
  void ofUsesTheTutorialAttributes() {
    TableSpec spec = TableSpec.of("app-sessions");

    assertThat(spec.tableName()).isEqualTo("app-sessions");
    assertThat(spec.keyAttribute()).isEqualTo("key");
    assertThat(spec.ttlAttribute()).isEqualTo("ttl");
  }

  @Test
  void builderSetsTheAttributes() {
    TableSpec spec =
        TableSpec.builder("MysfitsTable").keyAttribute("MysfitId").ttlAttribute("expires").build();

    assertThat(spec.tableName()).isEqualTo("MysfitsTable");
    assertThat(spec.keyAttribute()).isEqualTo("MysfitId");
    assertThat(spec.ttlAttribute()).isEqualTo("expires");
    assertThat(spec)
        .hasToString(
            "TableSpec[tableName=MysfitsTable, keyAttribute=MysfitId, ttlAttribute=expires]");
  }

  @Test
  void specsWithTheSameValuesAreEqual() {
    assertThat(TableSpec.of("app-sessions"))
        .isEqualTo(TableSpec.builder("app-sessions").keyAttribute("key").build())
        .hasSameHashCodeAs(TableSpec.builder("app-sessions").ttlAttribute("ttl").build())
        .isNotEqualTo(TableSpec.of("app-cache"))
        .isNotEqualTo(TableSpec.builder("app-sessions").ttlAttribute("expires").build());
  }

  @Test
  void tableNameAcceptsEveryAllowedCharacterAndBothLengthLimits() {
    assertThat(TableSpec.of("aZ9_-.").tableName()).isEqualTo("aZ9_-.");
    assertThat(TableSpec.of("abc").tableName()).hasSize(3);
    assertThat(TableSpec.of("t".repeat(255)).tableName()).hasSize(255);
  }

  @Test
  void tooShortTableNameIsRejectedWithItsValue() {
    assertThatThrownBy(() -> TableSpec.of("ab"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tableName must be 3 to 255 characters long (DynamoDB naming rules), was 'ab' (2"
                + " characters)");
  }

  @Test
  void tooLongTableNameIsRejectedWithItsLength() {
    assertThatThrownBy(() -> TableSpec.builder("t".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 to 255 characters long")
        .hasMessageContaining("(256 characters)");
  }

  @Test
  void tableNameWithAForbiddenCharacterIsRejectedNamingTheCharacter() {
    assertThatThrownBy(() -> TableSpec.of("app sessions"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "tableName may contain only A-Z, a-z, 0-9, '_', '-' and '.' (DynamoDB naming rules),"
                + " was 'app sessions' (invalid character ' ' at index 3)");
    assertThatThrownBy(() -> TableSpec.of("app:sessions"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'app:sessions'")
        .hasMessageContaining("invalid character ':' at index 3");
  }

  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> TableSpec.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tableName");
    assertThatThrownBy(() -> TableSpec.builder("app-sessions").keyAttribute(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keyAttribute");
    assertThatThrownBy(() -> TableSpec.builder("app-sessions").ttlAttribute(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ttlAttribute");
  }

  @Test
  void blankAttributeNamesAreRejected() {
    assertThatThrownBy(() -> TableSpec.builder("app-sessions").keyAttribute(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyAttribute must not be blank, was ''");
    assertThatThrownBy(() -> TableSpec.builder("app-sessions").ttlAttribute("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttlAttribute must not be blank, was '  '");
  }

  @Test
  void attributeNamesLongerThan255BytesAreRejected() {
    assertThat(TableSpec.builder("app-sessions").keyAttribute("k".repeat(255)).build())
        .extracting(TableSpec::keyAttribute)
        .asString()
        .hasSize(255);
    // 128 two-byte characters: 128 chars but 256 bytes
    assertThatThrownBy(() -> TableSpec.builder("app-sessions").keyAttribute("é".repeat(128)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyAttribute must be at most 255 bytes long in UTF-8")
        .hasMessageContaining("was 256 bytes");
  }

  @Test
  void keyAndTtlAttributeMustDiffer() {
    assertThatThrownBy(() -> TableSpec.builder("app-sessions").keyAttribute("ttl").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keyAttribute and ttlAttribute must differ")
        .hasMessageContaining("both are 'ttl'");
  }

  @Test
  void eachOptionCanBeSetOnce() {
    TableSpec.Builder builder =
        TableSpec.builder("app-sessions").keyAttribute("pk").ttlAttribute("expires");

    assertThatThrownBy(() -> builder.keyAttribute("id"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("keyAttribute was already set to 'pk'");
    assertThatThrownBy(() -> builder.ttlAttribute("ttl"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ttlAttribute was already set to 'expires'");
    assertThat(builder.build().keyAttribute()).isEqualTo("pk");
  }
}
