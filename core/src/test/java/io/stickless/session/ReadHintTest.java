package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadHintTest {

  @Test
  void hintsSurviveTheirTextForm() {
    ReadHint hint = new ReadHint(6, 1_764_000_000_000L);
    assertThat(ReadHint.parse(hint.toString())).isEqualTo(hint);
    assertThat(hint.toString()).matches("[0-9a-z]+\\.[0-9a-z]+");
    ReadHint extreme = new ReadHint(Long.MIN_VALUE, Long.MAX_VALUE);
    assertThat(ReadHint.parse(extreme.toString())).isEqualTo(extreme);
    for (String garbage :
        new String[] {
          "", ".", "1.", ".1", "1.2.3", "1,2", "A.b", "1.2 ", "+1.2", "1." + "9".repeat(40), "é.1"
        }) {
      assertThat(ReadHint.parse(garbage)).as("'%s'", garbage).isNull();
    }
    assertThat(ReadHint.parse(null)).isNull();
  }

  @Test
  void aHintIsRecentForTheStrongReadWindowAfterItsWriteAndWhenFromTheFuture() {
    long written = 1_764_000_000_000L;
    ReadHint hint = new ReadHint(3, written);
    long window = ReadHint.STRONG_READ_WINDOW.toMillis();
    assertThat(hint.isRecent(written)).isTrue();
    assertThat(hint.isRecent(written + window - 1)).isTrue();
    assertThat(hint.isRecent(written + window)).isFalse();
    assertThat(hint.isRecent(written - 60_000)).isTrue();
    assertThat(new ReadHint(3, Long.MIN_VALUE).isRecent(written)).isFalse();
    assertThat(new ReadHint(3, Long.MAX_VALUE).isRecent(written)).isTrue();
  }
}
