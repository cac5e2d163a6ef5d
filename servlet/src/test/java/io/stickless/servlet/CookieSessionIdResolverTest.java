package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.session.ReadHint;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CookieSessionIdResolverTest {

  @Test
  void readsTheConfiguredCookieAndIgnoresOthers() {
    CookieSessionIdResolver resolver = SessionIdResolver.cookie();
    Fakes.Request request =
        new Fakes.Request().cookie("JSESSIONID", "container").cookie("SESSION", "abc");

    assertThat(resolver.resolveSessionId(request.proxy())).isEqualTo("abc");
  }

  @Test
  void aReadHintAfterTheIdIsSplitOffAndAMalformedOneIsNoHint() {
    CookieSessionIdResolver resolver = SessionIdResolver.cookie();
    Fakes.Request hinted = new Fakes.Request().cookie("SESSION", "abc.6.lx2k9q1c");
    assertThat(resolver.resolveSessionId(hinted.proxy())).isEqualTo("abc");
    assertThat(resolver.resolveReadHint(hinted.proxy())).isEqualTo(ReadHint.parse("6.lx2k9q1c"));

    Fakes.Request bare = new Fakes.Request().cookie("SESSION", "abc");
    assertThat(resolver.resolveReadHint(bare.proxy())).isNull();
    for (String value : new String[] {"abc.", "abc.x", "abc.1.2.3", "abc..1", "abc.A.b"}) {
      Fakes.Request request = new Fakes.Request().cookie("SESSION", value);
      assertThat(resolver.resolveSessionId(request.proxy())).as(value).isEqualTo("abc");
      assertThat(resolver.resolveReadHint(request.proxy())).as(value).isNull();
    }
    Fakes.Request noId = new Fakes.Request().cookie("SESSION", ".6.lx2k9q1c");
    assertThat(resolver.resolveSessionId(noId.proxy())).isNull();
  }

  @Test
  void aHintIsWrittenAfterTheIdInTheCookiesValue() {
    Fakes.Response response = new Fakes.Response();

    SessionIdResolver.cookie()
        .setSessionId(
            new Fakes.Request().proxy(), response.proxy(), "id1", ReadHint.parse("6.lx2k9q1c"));

    assertThat(response.headers("Set-Cookie"))
        .containsExactly("SESSION=id1.6.lx2k9q1c; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void noCookieMeansNoRequestedId() {
    assertThat(SessionIdResolver.cookie().resolveSessionId(new Fakes.Request().proxy())).isNull();
    assertThat(
            SessionIdResolver.cookie()
                .resolveSessionId(new Fakes.Request().cookie("SESSION", "").proxy()))
        .isNull();
  }

  @Test
  void skipsEmptyDuplicatesAndTakesTheFirstValue() {
    Fakes.Request request =
        new Fakes.Request().cookie("SESSION", "").cookie("SESSION", "one").cookie("SESSION", "two");

    assertThat(SessionIdResolver.cookie().resolveSessionId(request.proxy())).isEqualTo("one");
  }

  @Test
  void defaultCookieIsHttpOnlyLaxOnTheContextPathAndNotSecureOverHttp() {
    Fakes.Response response = new Fakes.Response();

    SessionIdResolver.cookie()
        .setSessionId(new Fakes.Request().contextPath("/shop").proxy(), response.proxy(), "id1");

    assertThat(response.headers("Set-Cookie"))
        .containsExactly("SESSION=id1; Path=/shop; HttpOnly; SameSite=Lax");
  }

  @Test
  void rootContextGetsPathSlashAndHttpsGetsSecure() {
    Fakes.Response response = new Fakes.Response();

    SessionIdResolver.cookie()
        .setSessionId(new Fakes.Request().secure().proxy(), response.proxy(), "id1");

    assertThat(response.headers("Set-Cookie"))
        .containsExactly("SESSION=id1; Path=/; Secure; HttpOnly; SameSite=Lax");
  }

  @Test
  void configuredOptionsAllAppearInTheHeader() {
    SessionCookie cookie =
        SessionCookie.builder()
            .name("SID")
            .path("/app")
            .domain("example.com")
            .secure(true)
            .httpOnly(false)
            .sameSite("strict")
            .maxAge(Duration.ofDays(14))
            .build();
    Fakes.Response response = new Fakes.Response();

    SessionIdResolver.cookie(cookie)
        .setSessionId(new Fakes.Request().proxy(), response.proxy(), "id1");

    assertThat(response.headers("Set-Cookie")).hasSize(1);
    assertThat(response.headers("Set-Cookie").get(0))
        .startsWith("SID=id1; Max-Age=1209600; Expires=")
        .endsWith("GMT; Path=/app; Domain=example.com; Secure; SameSite=Strict")
        .doesNotContain("HttpOnly");
  }

  @Test
  void forcedInsecureCookieStaysInsecureOnHttps() {
    Fakes.Response response = new Fakes.Response();

    SessionIdResolver.cookie(SessionCookie.builder().secure(false).sameSite(null).build())
        .setSessionId(new Fakes.Request().secure().proxy(), response.proxy(), "id1");

    assertThat(response.headers("Set-Cookie")).containsExactly("SESSION=id1; Path=/; HttpOnly");
  }

  @Test
  void expiringWritesAnEmptyCookieWithMaxAgeZero() {
    Fakes.Response response = new Fakes.Response();

    SessionIdResolver.cookie().expireSession(new Fakes.Request().proxy(), response.proxy());

    assertThat(response.headers("Set-Cookie"))
        .containsExactly(
            "SESSION=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly;"
                + " SameSite=Lax");
  }

  @Test
  void invalidOptionsAreRefusedWithTheValueInTheMessage() {
    assertThatThrownBy(() -> SessionCookie.builder().name("bad name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad name'");
    assertThatThrownBy(() -> SessionCookie.builder().path("app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'app'");
    assertThatThrownBy(() -> SessionCookie.builder().domain("a;b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a;b'");
    assertThatThrownBy(() -> SessionCookie.builder().sameSite("sometimes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sometimes'");
    assertThatThrownBy(() -> SessionCookie.builder().maxAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }
}
