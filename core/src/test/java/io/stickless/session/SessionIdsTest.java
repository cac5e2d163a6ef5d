package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionIdsTest {

  @Test
  void generatedIdsAre43Base64UrlCharactersAndWellFormed() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String id = SessionIds.generate();
      assertThat(id).hasSize(43).matches("[A-Za-z0-9_-]{43}");
      assertThat(SessionIds.isWellFormed(id)).isTrue();
      seen.add(id);
    }
    assertThat(seen).hasSize(1_000);
  }

  @Test
  void idsOfAnyOtherShapeAreNotWellFormed() {
    String id = SessionIds.generate();
    assertThat(SessionIds.isWellFormed(null)).isFalse();
    assertThat(SessionIds.isWellFormed("")).isFalse();
    assertThat(SessionIds.isWellFormed(id.substring(1))).isFalse();
    assertThat(SessionIds.isWellFormed(id + "A")).isFalse();
    assertThat(SessionIds.isWellFormed(id.substring(0, 42) + "=")).isFalse();
    assertThat(SessionIds.isWellFormed(id.substring(0, 42) + "+")).isFalse();
    assertThat(SessionIds.isWellFormed(id.substring(0, 42) + "é")).isFalse();
    // 'B' sets a padding bit: not what any encoder produces
    assertThat(SessionIds.isWellFormed(id.substring(0, 42) + "B")).isFalse();
    assertThat(SessionIds.isWellFormed(id.substring(0, 42) + "A")).isTrue();
  }
}
