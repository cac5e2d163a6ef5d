package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.session.ReadHint;
import org.junit.jupiter.api.Test;

class HeaderSessionIdResolverTest {

  private final HeaderSessionIdResolver resolver =
      SessionIdResolver.header(HeaderSessionIdResolver.DEFAULT_HEADER);

  @Test
  void readsTheHeaderTrimmedAndTreatsBlankAsAbsent() {
    assertThat(
            resolver.resolveSessionId(new Fakes.Request().header("X-Auth-Token", " t1 ").proxy()))
        .isEqualTo("t1");
    assertThat(resolver.resolveSessionId(new Fakes.Request().header("X-Auth-Token", " ").proxy()))
        .isNull();
    assertThat(resolver.resolveSessionId(new Fakes.Request().proxy())).isNull();
  }

  @Test
  void writesTheIdAndClearsItOnExpiry() {
    Fakes.Response response = new Fakes.Response();

    resolver.setSessionId(new Fakes.Request().proxy(), response.proxy(), "t2");
    assertThat(response.headers("X-Auth-Token")).containsExactly("t2");

    resolver.expireSession(new Fakes.Request().proxy(), response.proxy());
    assertThat(response.headers("X-Auth-Token")).containsExactly("");
  }

  @Test
  void theHintTravelsInItsOwnHeader() {
    assertThat(resolver.hintHeaderName()).isEqualTo("X-Auth-Token-Hint");
    Fakes.Response response = new Fakes.Response();
    resolver.setSessionId(
        new Fakes.Request().proxy(), response.proxy(), "t2", ReadHint.parse("6.lx2k9q1c"));
    assertThat(response.headers("X-Auth-Token")).containsExactly("t2");
    assertThat(response.headers("X-Auth-Token-Hint")).containsExactly("6.lx2k9q1c");

    assertThat(
            resolver.resolveReadHint(
                new Fakes.Request().header("X-Auth-Token-Hint", " 6.lx2k9q1c ").proxy()))
        .isEqualTo(ReadHint.parse("6.lx2k9q1c"));
    assertThat(
            resolver.resolveReadHint(
                new Fakes.Request().header("X-Auth-Token-Hint", "garbage").proxy()))
        .isNull();
    assertThat(resolver.resolveReadHint(new Fakes.Request().proxy())).isNull();
  }

  @Test
  void refusesAnInvalidHeaderName() {
    assertThatThrownBy(() -> SessionIdResolver.header("X Auth: Token"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'X Auth: Token'");
  }
}
