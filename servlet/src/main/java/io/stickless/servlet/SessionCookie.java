package io.stickless.servlet;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How the session cookie is written: name, path, domain, {@code HttpOnly}, {@code Secure}, {@code
 * SameSite} and {@code Max-Age}. Immutable and thread-safe.
 *
 * <pre>{@code
 * SessionCookie cookie = SessionCookie.builder()
 *     .name("SESSION")                 // default
 *     .domain("example.com")           // default: none (host-only cookie)
 *     .sameSite("Strict")              // default: Lax
 *     .maxAge(Duration.ofDays(14))     // "remember me"; default: until the browser closes
 *     .build();
 * }</pre>
 *
 * <p>Defaults: name {@value #DEFAULT_NAME}; path = the context path ({@code /} for the root
 * context); no domain; {@code HttpOnly}; {@code Secure} when the request arrived over HTTPS ({@code
 * request.isSecure()}) unless forced with {@link Builder#secure(boolean)}; {@code SameSite=Lax}; no
 * {@code Max-Age} (a browser-session cookie).
 */
public final class SessionCookie {

  /** The default cookie name. */
  public static final String DEFAULT_NAME = "SESSION";

  /** The default {@code SameSite} attribute. */
  public static final String DEFAULT_SAME_SITE = "Lax";

  private final String name;
  private final @Nullable String path;
  private final @Nullable String domain;
  private final boolean httpOnly;
  private final @Nullable Boolean secure;
  private final @Nullable String sameSite;
  private final @Nullable Duration maxAge;

  private SessionCookie(Builder b) {
    this.name = b.name;
    this.path = b.path;
    this.domain = b.domain;
    this.httpOnly = b.httpOnly;
    this.secure = b.secure;
    this.sameSite = b.sameSite;
    this.maxAge = b.maxAge;
  }

  /** The default cookie: {@code SESSION}, HttpOnly, SameSite=Lax, Secure on HTTPS requests. */
  public static SessionCookie defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The cookie name. */
  public String name() {
    return name;
  }

  /** The {@code Path} attribute, or {@code null} for the request's context path. */
  public @Nullable String path() {
    return path;
  }

  /** The {@code Domain} attribute, or {@code null} for a host-only cookie. */
  public @Nullable String domain() {
    return domain;
  }

  /** Whether the cookie is {@code HttpOnly} (invisible to scripts). */
  public boolean httpOnly() {
    return httpOnly;
  }

  /**
   * Whether the cookie is forced {@code Secure} ({@code true}) or never ({@code false}); {@code
   * null}: {@code Secure} exactly when the request is ({@code request.isSecure()}).
   */
  public @Nullable Boolean secure() {
    return secure;
  }

  /**
   * The {@code SameSite} attribute ({@code Strict}, {@code Lax}, {@code None}), or {@code null}.
   */
  public @Nullable String sameSite() {
    return sameSite;
  }

  /** The {@code Max-Age} ("remember me"), or {@code null} for a browser-session cookie. */
  public @Nullable Duration maxAge() {
    return maxAge;
  }

  @Override
  public String toString() {
    return "SessionCookie[name="
        + name
        + ", path="
        + path
        + ", domain="
        + domain
        + ", httpOnly="
        + httpOnly
        + ", secure="
        + (secure == null ? "from request" : secure)
        + ", sameSite="
        + sameSite
        + ", maxAge="
        + maxAge
        + "]";
  }

  /** Builds a {@link SessionCookie}; every option is validated when set. Not thread-safe. */
  public static final class Builder {
    private String name = DEFAULT_NAME;
    private @Nullable String path;
    private @Nullable String domain;
    private boolean httpOnly = true;
    private @Nullable Boolean secure;
    private @Nullable String sameSite = DEFAULT_SAME_SITE;
    private @Nullable Duration maxAge;

    private Builder() {}

    /**
     * The cookie name (default {@value SessionCookie#DEFAULT_NAME}).
     *
     * @throws IllegalArgumentException when the name is empty or holds a character a cookie name
     *     may not (RFC 6265 token)
     */
    public Builder name(String name) {
      requireNonNull(name, "name");
      if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
        throw new IllegalArgumentException(
            "Cookie name '"
                + name
                + "' is not a valid cookie name: use letters, digits and !#$%&'*+-.^_`|~ only");
      }
      this.name = name;
      return this;
    }

    /**
     * The {@code Path} attribute (default: the context path).
     *
     * @throws IllegalArgumentException when the path does not start with {@code /} or holds a
     *     {@code ;} or a control character
     */
    public Builder path(String path) {
      requireNonNull(path, "path");
      if (!path.startsWith("/") || !isAttributeValue(path)) {
        throw new IllegalArgumentException(
            "Cookie path '" + path + "' must start with '/' and hold no ';' or control characters");
      }
      this.path = path;
      return this;
    }

    /**
     * The {@code Domain} attribute (default: none, a host-only cookie).
     *
     * @throws IllegalArgumentException when the domain is empty or holds a {@code ;}, a space or a
     *     control character
     */
    public Builder domain(String domain) {
      requireNonNull(domain, "domain");
      if (domain.isBlank() || domain.contains(" ") || !isAttributeValue(domain)) {
        throw new IllegalArgumentException(
            "Cookie domain '" + domain + "' is not a domain name (e.g. example.com)");
      }
      this.domain = domain;
      return this;
    }

    /** Whether the cookie is {@code HttpOnly} (default {@code true}). */
    public Builder httpOnly(boolean httpOnly) {
      this.httpOnly = httpOnly;
      return this;
    }

    /**
     * Forces the {@code Secure} attribute on or off (default: on exactly when {@code
     * request.isSecure()}, so set {@code true} behind a TLS-terminating balancer).
     */
    public Builder secure(boolean secure) {
      this.secure = secure;
      return this;
    }

    /**
     * The {@code SameSite} attribute: {@code Strict}, {@code Lax} (default) or {@code None}
     * (case-insensitive), or {@code null} to omit it.
     *
     * @throws IllegalArgumentException for any other value
     */
    public Builder sameSite(@Nullable String sameSite) {
      if (sameSite == null) {
        this.sameSite = null;
        return this;
      }
      switch (sameSite.trim().toLowerCase(Locale.ROOT)) {
        case "strict" -> this.sameSite = "Strict";
        case "lax" -> this.sameSite = "Lax";
        case "none" -> this.sameSite = "None";
        default ->
            throw new IllegalArgumentException(
                "SameSite '" + sameSite + "' is not one of Strict, Lax, None");
      }
      return this;
    }

    /**
     * The {@code Max-Age} of the cookie, for "remember me" (default: none, the cookie ends with the
     * browser session). The session itself still ends after its max inactive interval.
     *
     * @throws IllegalArgumentException when the duration is zero or negative
     */
    public Builder maxAge(Duration maxAge) {
      requireNonNull(maxAge, "maxAge");
      if (maxAge.isZero() || maxAge.isNegative() || maxAge.getSeconds() == 0) {
        throw new IllegalArgumentException(
            "Cookie maxAge must be at least one second, was " + maxAge);
      }
      this.maxAge = maxAge;
      return this;
    }

    /** An immutable {@link SessionCookie} with the options set so far. */
    public SessionCookie build() {
      return new SessionCookie(this);
    }

    private static boolean isTokenChar(int c) {
      return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static boolean isAttributeValue(String value) {
      return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != ';');
    }
  }
}
