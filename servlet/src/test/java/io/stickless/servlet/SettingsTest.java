package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.session.ConsistentReads;
import io.stickless.table.TableMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void eachSettingHasAContextParamASystemPropertyAndAnEnvironmentVariable() {
    assertThat(Settings.Key.TABLE.contextParam()).isEqualTo("stickless.table");
    assertThat(Settings.Key.TABLE.systemProperty()).isEqualTo("stickless.table");
    assertThat(Settings.Key.TABLE.environmentVariable()).isEqualTo("STICKLESS_TABLE");
    assertThat(Settings.Key.COOKIE_SAME_SITE.environmentVariable())
        .isEqualTo("STICKLESS_COOKIE_SAME_SITE");
    assertThat(Settings.Key.MAX_INACTIVE_INTERVAL.contextParam())
        .isEqualTo("stickless.max-inactive-interval");
  }

  @Test
  void theMostSpecificPlaceWins() {
    Settings all =
        Settings.of(
            Map.of("table", "init"),
            Map.of("stickless.table", "context"),
            Map.of("stickless.table", "property"),
            Map.of("STICKLESS_TABLE", "env"));
    Settings noInit =
        Settings.of(
            Map.of(),
            Map.of("stickless.table", "context"),
            Map.of("stickless.table", "property"),
            Map.of("STICKLESS_TABLE", "env"));
    Settings propertyAndEnv =
        Settings.of(
            Map.of(),
            Map.of(),
            Map.of("stickless.table", "property"),
            Map.of("STICKLESS_TABLE", "env"));
    Settings envOnly = Settings.of(Map.of(), Map.of(), Map.of(), Map.of("STICKLESS_TABLE", "env"));

    assertThat(all.get(Settings.Key.TABLE)).isEqualTo("init");
    assertThat(noInit.get(Settings.Key.TABLE)).isEqualTo("context");
    assertThat(propertyAndEnv.get(Settings.Key.TABLE)).isEqualTo("property");
    assertThat(envOnly.get(Settings.Key.TABLE)).isEqualTo("env");
  }

  @Test
  void blankValuesCountAsUnset() {
    Settings settings =
        Settings.of(
            Map.of(), Map.of("stickless.table", "  "), Map.of(), Map.of("STICKLESS_TABLE", "t"));

    assertThat(settings.get(Settings.Key.TABLE)).isEqualTo("t");
    assertThat(settings.get(Settings.Key.REGION)).isNull();
  }

  @Test
  void durationsAcceptUnitsBareSecondsAndIso8601() {
    assertThat(Settings.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Settings.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Settings.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Settings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Settings.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Settings.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Settings.parseDuration("PT15M")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Settings.parseDuration("pt15m")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void aBadDurationNamesTheSettingAndTheValue() {
    Settings settings =
        Settings.of(Map.of(), Map.of("stickless.touch-interval", "soon"), Map.of(), Map.of());

    assertThatThrownBy(() -> settings.duration(Settings.Key.TOUCH_INTERVAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("touch-interval")
        .hasMessageContaining("STICKLESS_TOUCH_INTERVAL")
        .hasMessageContaining("'soon'");
  }

  @Test
  void maxAttemptsFeedsTheRetryStrategyAndAnOutOfRangeValueSaysWhatToUse() {
    Settings none = Settings.of(Map.of(), Map.of(), Map.of(), Map.of());
    Settings three = Settings.of(Map.of("max-attempts", "3"), Map.of(), Map.of(), Map.of());
    Settings tooMany =
        Settings.of(Map.of(), Map.of(), Map.of(), Map.of("STICKLESS_MAX_ATTEMPTS", "50"));
    Settings word =
        Settings.of(Map.of(), Map.of("stickless.max-attempts", "many"), Map.of(), Map.of());

    assertThat(StoreFactory.retryStrategy(none).maxAttempts())
        .isEqualTo(io.stickless.DynamoDbRetry.DEFAULT_MAX_ATTEMPTS);
    assertThat(StoreFactory.retryStrategy(three).maxAttempts()).isEqualTo(3);
    assertThatThrownBy(() -> StoreFactory.retryStrategy(tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STICKLESS_MAX_ATTEMPTS")
        .hasMessageContaining("was 50")
        .hasMessageContaining("1..20");
    assertThatThrownBy(() -> StoreFactory.retryStrategy(word))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stickless.max-attempts")
        .hasMessageContaining("'many'")
        .hasMessageContaining("whole number");
  }

  @Test
  void consistentReadsDefaultsToAlwaysAndTakesHintedInAnyCase() {
    assertThat(Settings.of(Map.of(), Map.of(), Map.of(), Map.of()).consistentReads())
        .isEqualTo(ConsistentReads.ALWAYS);
    assertThat(
            Settings.of(Map.of("consistent-reads", "Hinted"), Map.of(), Map.of(), Map.of())
                .consistentReads())
        .isEqualTo(ConsistentReads.HINTED);
    assertThat(
            Settings.of(
                    Map.of(), Map.of(), Map.of(), Map.of("STICKLESS_CONSISTENT_READS", "hinted"))
                .consistentReads())
        .isEqualTo(ConsistentReads.HINTED);
    assertThatThrownBy(
            () ->
                Settings.of(
                        Map.of(), Map.of("stickless.consistent-reads", "never"), Map.of(), Map.of())
                    .consistentReads())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("consistent-reads")
        .hasMessageContaining("'never'")
        .hasMessageContaining("always")
        .hasMessageContaining("hinted");
  }

  @Test
  void tableModeDefaultsToValidateAndIsCaseInsensitive() {
    assertThat(Settings.of(Map.of(), Map.of(), Map.of(), Map.of()).tableMode())
        .isEqualTo(TableMode.VALIDATE);
    assertThat(
            Settings.of(Map.of(), Map.of(), Map.of("stickless.table-mode", "create"), Map.of())
                .tableMode())
        .isEqualTo(TableMode.CREATE);
    assertThatThrownBy(
            () ->
                Settings.of(Map.of(), Map.of(), Map.of(), Map.of("STICKLESS_TABLE_MODE", "drop"))
                    .tableMode())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'drop'")
        .hasMessageContaining("VALIDATE, CREATE or NONE");
  }

  @Test
  void booleansAndListsParse() {
    Settings settings =
        Settings.of(
            Map.of(),
            Map.of(
                "stickless.cookie-secure", "yes",
                "stickless.allowed-classes", "com.example.Cart, com.example.model.**\n org.x.*"),
            Map.of(),
            Map.of());

    assertThat(settings.bool(Settings.Key.COOKIE_SECURE)).isTrue();
    assertThat(settings.bool(Settings.Key.COOKIE_HTTP_ONLY)).isNull();
    assertThat(settings.list(Settings.Key.ALLOWED_CLASSES))
        .containsExactly("com.example.Cart", "com.example.model.**", "org.x.*");
    assertThat(settings.list(Settings.Key.LISTENERS)).isEqualTo(List.of());
  }

  @Test
  void cookieSettingsBuildTheCookie() {
    Settings settings =
        Settings.of(
            Map.of(),
            Map.of(
                "stickless.cookie-name", "SID",
                "stickless.cookie-domain", "example.com",
                "stickless.cookie-path", "/app",
                "stickless.cookie-secure", "true",
                "stickless.cookie-same-site", "None",
                "stickless.cookie-max-age", "14d"),
            Map.of(),
            Map.of());

    SessionCookie cookie = settings.cookie();

    assertThat(cookie.name()).isEqualTo("SID");
    assertThat(cookie.domain()).isEqualTo("example.com");
    assertThat(cookie.path()).isEqualTo("/app");
    assertThat(cookie.secure()).isTrue();
    assertThat(cookie.httpOnly()).isTrue();
    assertThat(cookie.sameSite()).isEqualTo("None");
    assertThat(cookie.maxAge()).isEqualTo(Duration.ofDays(14));
    assertThat(settings.resolver()).isInstanceOf(CookieSessionIdResolver.class);
  }

  @Test
  void aHeaderNameSwitchesToTheHeaderResolver() {
    Settings settings =
        Settings.of(Map.of(), Map.of(), Map.of("stickless.header-name", "X-Auth-Token"), Map.of());

    assertThat(settings.resolver())
        .isInstanceOfSatisfying(
            HeaderSessionIdResolver.class,
            r -> assertThat(r.headerName()).isEqualTo("X-Auth-Token"));
  }

  @Test
  void anInvalidCookieSettingSaysSo() {
    Settings settings =
        Settings.of(Map.of(), Map.of("stickless.cookie-same-site", "always"), Map.of(), Map.of());

    assertThatThrownBy(settings::cookie)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cookie")
        .hasMessageContaining("'always'");
  }
}
