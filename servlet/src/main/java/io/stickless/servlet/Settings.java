package io.stickless.servlet;

import static java.util.Objects.requireNonNull;

import io.stickless.session.ConsistentReads;
import io.stickless.table.TableMode;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The filter's settings, each looked up by one name in four places, most specific first: the
 * filter's init parameter {@code <name>}, the context parameter {@code stickless.<name>}, the
 * system property {@code stickless.<name>}, the environment variable {@code STICKLESS_<NAME>}
 * (upper case, {@code -} and {@code .} as {@code _}).
 */
final class Settings {

  /** Every setting the filter reads; {@code docs/servlet.md} documents each. */
  enum Key {
    TABLE("table"),
    REGION("region"),
    ENDPOINT("endpoint"),
    TABLE_MODE("table-mode"),
    COOKIE_NAME("cookie-name"),
    COOKIE_DOMAIN("cookie-domain"),
    COOKIE_PATH("cookie-path"),
    COOKIE_SECURE("cookie-secure"),
    COOKIE_HTTP_ONLY("cookie-http-only"),
    COOKIE_SAME_SITE("cookie-same-site"),
    COOKIE_MAX_AGE("cookie-max-age"),
    HEADER_NAME("header-name"),
    MAX_INACTIVE_INTERVAL("max-inactive-interval"),
    TOUCH_INTERVAL("touch-interval"),
    CONSISTENT_READS("consistent-reads"),
    ALLOWED_CLASSES("allowed-classes"),
    API_CALL_TIMEOUT("api-call-timeout"),
    API_CALL_ATTEMPT_TIMEOUT("api-call-attempt-timeout"),
    OUTAGE_FAIL_FAST("outage-fail-fast"),
    OUTAGE_MAX_WAITING_CALLS("outage-max-waiting-calls"),
    OUTAGE_STALL_AFTER("outage-stall-after"),
    MAX_ATTEMPTS("max-attempts"),
    LISTENERS("listeners");

    final String name;

    Key(String name) {
      this.name = name;
    }

    String contextParam() {
      return "stickless." + name;
    }

    String systemProperty() {
      return "stickless." + name;
    }

    String environmentVariable() {
      return "STICKLESS_" + name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }
  }

  private static final Pattern SIMPLE_DURATION =
      Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

  private final Function<String, @Nullable String> initParams;
  private final Function<String, @Nullable String> contextParams;
  private final Function<String, @Nullable String> systemProperties;
  private final Function<String, @Nullable String> environment;

  Settings(
      Function<String, @Nullable String> initParams,
      Function<String, @Nullable String> contextParams,
      Function<String, @Nullable String> systemProperties,
      Function<String, @Nullable String> environment) {
    this.initParams = initParams;
    this.contextParams = contextParams;
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  /** Settings of a filter: its init parameters, then the context's, then the JVM's. */
  static Settings of(FilterConfig config) {
    return new Settings(
        config::getInitParameter,
        config.getServletContext()::getInitParameter,
        System::getProperty,
        System::getenv);
  }

  /** Settings of a context (no filter yet): context parameters, then the JVM's. */
  static Settings of(ServletContext context) {
    return new Settings(n -> null, context::getInitParameter, System::getProperty, System::getenv);
  }

  /** For tests: the given maps as the four places. */
  static Settings of(
      Map<String, String> initParams,
      Map<String, String> contextParams,
      Map<String, String> systemProperties,
      Map<String, String> environment) {
    return new Settings(
        initParams::get, contextParams::get, systemProperties::get, environment::get);
  }

  /** The raw value (trimmed; blank counts as unset), or {@code null}. */
  @Nullable String get(Key key) {
    for (String candidate :
        new String[] {
          initParams.apply(key.name),
          contextParams.apply(key.contextParam()),
          systemProperties.apply(key.systemProperty()),
          environment.apply(key.environmentVariable())
        }) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate.trim();
      }
    }
    return null;
  }

  /** Where a value came from, for error messages. */
  String describe(Key key) {
    return "'"
        + key.name
        + "' (init parameter "
        + key.name
        + ", context parameter "
        + key.contextParam()
        + ", system property "
        + key.systemProperty()
        + " or environment variable "
        + key.environmentVariable()
        + ")";
  }

  @Nullable Duration duration(Key key) {
    String value = get(key);
    if (value == null) {
      return null;
    }
    try {
      return parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Setting " + describe(key) + " is '" + value + "': " + e.getMessage(), e);
    }
  }

  @Nullable Integer integer(Key key) {
    String value = get(key);
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Setting " + describe(key) + " is '" + value + "': use a whole number", e);
    }
  }

  @Nullable Boolean bool(Key key) {
    String value = get(key);
    if (value == null) {
      return null;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> {
        return true;
      }
      case "false", "no", "off", "0" -> {
        return false;
      }
      default ->
          throw new IllegalArgumentException(
              "Setting " + describe(key) + " is '" + value + "': use true or false");
    }
  }

  List<String> list(Key key) {
    String value = get(key);
    List<String> result = new ArrayList<>();
    if (value != null) {
      for (String part : value.split("[,\\s]+")) {
        if (!part.isBlank()) {
          result.add(part.trim());
        }
      }
    }
    return result;
  }

  TableMode tableMode() {
    return choice(
        Key.TABLE_MODE, TableMode.class, TableMode.VALIDATE, "use VALIDATE, CREATE or NONE");
  }

  /** {@code always} (the default when unset) or {@code hinted}, any case. */
  ConsistentReads consistentReads() {
    return choice(
        Key.CONSISTENT_READS,
        ConsistentReads.class,
        ConsistentReads.ALWAYS,
        "use always (strongly consistent session reads, the default) or hinted (eventually"
            + " consistent reads at half the price, see docs/sessions.md)");
  }

  /** The constant of {@code type} the setting names (any case), or {@code fallback} when unset. */
  private <E extends Enum<E>> E choice(Key key, Class<E> type, E fallback, String use) {
    String value = get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Setting " + describe(key) + " is '" + value + "': " + use, e);
    }
  }

  /**
   * How the session id travels as configured: in the header named by {@code header-name} when that
   * is set, else in the cookie the {@code cookie-*} settings describe (never null).
   */
  SessionIdResolver resolver() {
    String header = get(Key.HEADER_NAME);
    if (header != null) {
      return SessionIdResolver.header(header);
    }
    return SessionIdResolver.cookie(cookie());
  }

  /**
   * The cookie the {@code cookie-*} settings describe, with the defaults of {@link SessionCookie}
   * for those not set.
   *
   * @throws IllegalArgumentException when a cookie setting is invalid
   */
  SessionCookie cookie() {
    SessionCookie.Builder b = SessionCookie.builder();
    try {
      String name = get(Key.COOKIE_NAME);
      if (name != null) {
        b.name(name);
      }
      String domain = get(Key.COOKIE_DOMAIN);
      if (domain != null) {
        b.domain(domain);
      }
      String path = get(Key.COOKIE_PATH);
      if (path != null) {
        b.path(path);
      }
      Boolean secure = bool(Key.COOKIE_SECURE);
      if (secure != null) {
        b.secure(secure);
      }
      Boolean httpOnly = bool(Key.COOKIE_HTTP_ONLY);
      if (httpOnly != null) {
        b.httpOnly(httpOnly);
      }
      String sameSite = get(Key.COOKIE_SAME_SITE);
      if (sameSite != null) {
        b.sameSite(sameSite.equalsIgnoreCase("omit") ? null : sameSite);
      }
      Duration maxAge = duration(Key.COOKIE_MAX_AGE);
      if (maxAge != null) {
        b.maxAge(maxAge);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid Stickless cookie setting: " + e.getMessage(), e);
    }
    return b.build();
  }

  /**
   * {@code PT30M} (ISO-8601), or a number with an optional unit: {@code 500ms}, {@code 90s}, {@code
   * 30m}, {@code 2h}, {@code 1d}; a bare number is seconds.
   */
  static Duration parseDuration(String text) {
    requireNonNull(text, "text");
    String value = text.trim();
    if (value.regionMatches(true, 0, "P", 0, 1)) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("not an ISO-8601 duration (e.g. PT30M)", e);
      }
    }
    Matcher m = SIMPLE_DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: use e.g. 30m, 90s, 500ms, 2h, 1d, a number of seconds, or PT30M");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofSeconds(amount);
    };
  }
}
