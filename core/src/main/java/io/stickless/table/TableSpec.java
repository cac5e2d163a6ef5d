package io.stickless.table;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The DynamoDB table Stickless keeps its items in: its name, the name of its hash key attribute
 * (type String) and the name of its TTL attribute (a Number holding epoch seconds). Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * TableSpec tutorial = TableSpec.of("app-sessions");            // hash key "key", TTL "ttl"
 * TableSpec custom =
 *     TableSpec.builder("app-sessions")
 *         .keyAttribute("pk")
 *         .ttlAttribute("expiresAt")
 *         .build();
 * }</pre>
 *
 * <p>The table Stickless expects has that hash key only (no sort key), on-demand billing
 * recommended, and TTL enabled on the TTL attribute. {@link DynamoDbTables} checks or creates it.
 */
public final class TableSpec {

  /** The default hash key attribute, {@value}, as in the tutorial schema. */
  public static final String DEFAULT_KEY_ATTRIBUTE = "key";

  /** The default TTL attribute, {@value}, as in the tutorial schema. */
  public static final String DEFAULT_TTL_ATTRIBUTE = "ttl";

  static final int MIN_TABLE_NAME_LENGTH = 3;
  static final int MAX_TABLE_NAME_LENGTH = 255;
  static final int MAX_ATTRIBUTE_NAME_BYTES = 255;

  private final String tableName;
  private final String keyAttribute;
  private final String ttlAttribute;

  private TableSpec(String tableName, String keyAttribute, String ttlAttribute) {
    this.tableName = tableName;
    this.keyAttribute = keyAttribute;
    this.ttlAttribute = ttlAttribute;
  }

  /**
   * The spec of a table with the default attributes: hash key {@value #DEFAULT_KEY_ATTRIBUTE}, TTL
   * attribute {@value #DEFAULT_TTL_ATTRIBUTE}.
   *
   * @param tableName the table name, 3 to 255 characters of {@code A-Z a-z 0-9 _ - .}
   * @throws NullPointerException if {@code tableName} is null
   * @throws IllegalArgumentException if {@code tableName} breaks DynamoDB's naming rules
   */
  public static TableSpec of(String tableName) {
    return builder(tableName).build();
  }

  /**
   * A builder for the spec of the named table. Options not set keep their defaults; each option may
   * be set once.
   *
   * @param tableName the table name, 3 to 255 characters of {@code A-Z a-z 0-9 _ - .}
   * @throws NullPointerException if {@code tableName} is null
   * @throws IllegalArgumentException if {@code tableName} breaks DynamoDB's naming rules
   */
  public static Builder builder(String tableName) {
    return new Builder(checkTableName(tableName));
  }

  /** The table name. */
  public String tableName() {
    return tableName;
  }

  /**
   * The name of the hash key attribute, of type String (default {@value #DEFAULT_KEY_ATTRIBUTE}).
   */
  public String keyAttribute() {
    return keyAttribute;
  }

  /**
   * The name of the TTL attribute, a Number holding the epoch second after which an item is expired
   * (default {@value #DEFAULT_TTL_ATTRIBUTE}).
   */
  public String ttlAttribute() {
    return ttlAttribute;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TableSpec
        && tableName.equals(((TableSpec) o).tableName)
        && keyAttribute.equals(((TableSpec) o).keyAttribute)
        && ttlAttribute.equals(((TableSpec) o).ttlAttribute);
  }

  @Override
  public int hashCode() {
    return (tableName.hashCode() * 31 + keyAttribute.hashCode()) * 31 + ttlAttribute.hashCode();
  }

  @Override
  public String toString() {
    return "TableSpec[tableName="
        + tableName
        + ", keyAttribute="
        + keyAttribute
        + ", ttlAttribute="
        + ttlAttribute
        + "]";
  }

  /**
   * Builds a {@link TableSpec}. Each setter validates its argument at once and may be called once.
   * Not thread-safe; the built spec is.
   */
  public static final class Builder {

    private final String tableName;
    private @Nullable String keyAttribute;
    private @Nullable String ttlAttribute;

    private Builder(String tableName) {
      this.tableName = tableName;
    }

    /**
     * Sets the name of the table's hash key attribute, whose type must be String (default {@value
     * #DEFAULT_KEY_ATTRIBUTE}).
     *
     * @param keyAttribute 1 to 255 bytes (UTF-8), not blank
     * @throws NullPointerException if {@code keyAttribute} is null
     * @throws IllegalArgumentException if {@code keyAttribute} is blank or longer than 255 bytes
     * @throws IllegalStateException if the key attribute was already set
     */
    public Builder keyAttribute(String keyAttribute) {
      requireNonNull(keyAttribute, "keyAttribute");
      if (this.keyAttribute != null) {
        throw new IllegalStateException(
            "keyAttribute was already set to '" + this.keyAttribute + "'");
      }
      this.keyAttribute = checkAttributeName("keyAttribute", keyAttribute);
      return this;
    }

    /**
     * Sets the name of the TTL attribute, a Number holding epoch seconds (default {@value
     * #DEFAULT_TTL_ATTRIBUTE}).
     *
     * @param ttlAttribute 1 to 255 bytes (UTF-8), not blank
     * @throws NullPointerException if {@code ttlAttribute} is null
     * @throws IllegalArgumentException if {@code ttlAttribute} is blank or longer than 255 bytes
     * @throws IllegalStateException if the TTL attribute was already set
     */
    public Builder ttlAttribute(String ttlAttribute) {
      requireNonNull(ttlAttribute, "ttlAttribute");
      if (this.ttlAttribute != null) {
        throw new IllegalStateException(
            "ttlAttribute was already set to '" + this.ttlAttribute + "'");
      }
      this.ttlAttribute = checkAttributeName("ttlAttribute", ttlAttribute);
      return this;
    }

    /**
     * Builds the spec.
     *
     * @throws IllegalArgumentException if the key and TTL attributes have the same name (the key is
     *     a String, the TTL a Number)
     */
    public TableSpec build() {
      String key = keyAttribute != null ? keyAttribute : DEFAULT_KEY_ATTRIBUTE;
      String ttl = ttlAttribute != null ? ttlAttribute : DEFAULT_TTL_ATTRIBUTE;
      if (key.equals(ttl)) {
        throw new IllegalArgumentException(
            "keyAttribute and ttlAttribute must differ (the key is a String, the TTL a Number), both"
                + " are '"
                + key
                + "'");
      }
      return new TableSpec(tableName, key, ttl);
    }
  }

  static String checkTableName(String tableName) {
    requireNonNull(tableName, "tableName");
    int length = tableName.length();
    if (length < MIN_TABLE_NAME_LENGTH || length > MAX_TABLE_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "tableName must be "
              + MIN_TABLE_NAME_LENGTH
              + " to "
              + MAX_TABLE_NAME_LENGTH
              + " characters long (DynamoDB naming rules), was '"
              + tableName
              + "' ("
              + length
              + " characters)");
    }
    for (int i = 0; i < length; i++) {
      char c = tableName.charAt(i);
      if (!isTableNameChar(c)) {
        throw new IllegalArgumentException(
            "tableName may contain only A-Z, a-z, 0-9, '_', '-' and '.' (DynamoDB naming rules),"
                + " was '"
                + tableName
                + "' (invalid character '"
                + c
                + "' at index "
                + i
                + ")");
      }
    }
    return tableName;
  }

  private static boolean isTableNameChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.';
  }

  private static String checkAttributeName(String what, String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, was '" + name + "'");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_ATTRIBUTE_NAME_BYTES) {
      throw new IllegalArgumentException(
          what
              + " must be at most "
              + MAX_ATTRIBUTE_NAME_BYTES
              + " bytes long in UTF-8 (DynamoDB's limit for key and TTL attribute names), was "
              + bytes
              + " bytes: '"
              + name
              + "'");
    }
    return name;
  }
}
