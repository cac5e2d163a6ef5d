package io.stickless.examples.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void escapesEveryCharacterThatEndsTextOrAnAttribute() {
    assertThat(Html.esc("<script>alert('x') & \"y\"</script>"))
        .isEqualTo("&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
  }

  @Test
  void leavesOtherTextAlone() {
    assertThat(Html.esc("Night Ferry — ünïcode 42")).isEqualTo("Night Ferry — ünïcode 42");
  }
}
