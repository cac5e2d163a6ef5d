package io.stickless.session;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import io.stickless.UnreadableValueException;
import io.stickless.internal.SerialAllowList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Stored form: the class name in UTF-8, one newline, the JSON. Loaded only when asked for.
 *
 * <p>A stored class name is read only when it is a JSON value type ({@link #VALUE_TYPES}: no
 * general {@code java.util} class, whose constructors may do things, e.g. {@code java.util.Timer}
 * starts a thread) or matches a user entry; polymorphic types inside a value ({@code
 * JsonTypeInfo.Id.CLASS}) pass the same check.
 */
final class JsonAttributeCodec implements AttributeCodec {

  /** JDK classes a JSON value may name: values, dates, plain collections. */
  static final Set<String> VALUE_TYPES =
      Set.of(
          "java.lang.String",
          "java.lang.Boolean",
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.Float",
          "java.lang.Double",
          "java.lang.Character",
          "java.math.BigDecimal",
          "java.math.BigInteger",
          "java.time.Instant",
          "java.time.Duration",
          "java.time.Period",
          "java.time.LocalDate",
          "java.time.LocalTime",
          "java.time.LocalDateTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.ZonedDateTime",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.ZoneOffset",
          "java.time.DayOfWeek",
          "java.time.Month",
          "java.util.Date",
          "java.util.UUID",
          "java.util.ArrayList",
          "java.util.LinkedList",
          "java.util.HashMap",
          "java.util.LinkedHashMap",
          "java.util.TreeMap",
          "java.util.HashSet",
          "java.util.LinkedHashSet",
          "java.util.TreeSet");

  private final SerialAllowList allowList;
  private final ObjectMapper mapper;

  JsonAttributeCodec(Collection<String> allowList) {
    this.allowList = SerialAllowList.of(List.copyOf(allowList));
    this.mapper = new ObjectMapper().findAndRegisterModules();
    // annotation-driven polymorphism (@JsonTypeInfo(use = CLASS)) must not bypass the allow-list
    mapper.setPolymorphicTypeValidator(new AllowListValidator());
  }

  private boolean allows(String className) {
    return VALUE_TYPES.contains(className) || allowList.allowsByUserEntry(className);
  }

  private final class AllowListValidator extends PolymorphicTypeValidator.Base {
    private static final long serialVersionUID = 1L;

    @Override
    public Validity validateSubClassName(
        MapperConfig<?> config, JavaType baseType, String subClassName) {
      return allows(subClassName) ? Validity.ALLOWED : Validity.DENIED;
    }

    @Override
    public Validity validateSubType(MapperConfig<?> config, JavaType baseType, JavaType subType) {
      return allows(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
    }
  }

  @Override
  public byte[] encode(String name, Object value) {
    byte[] type = (value.getClass().getName() + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] json;
    try {
      json = mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Session attribute '"
              + name
              + "' of class "
              + value.getClass().getName()
              + " cannot be written as JSON: "
              + e.getMessage(),
          e);
    }
    byte[] out = Arrays.copyOf(type, type.length + json.length);
    System.arraycopy(json, 0, out, type.length, json.length);
    return out;
  }

  @Override
  public Object decode(String name, byte[] bytes) {
    int newline = -1;
    for (int i = 0; i < bytes.length && i < 1024; i++) {
      if (bytes[i] == '\n') {
        newline = i;
        break;
      }
    }
    if (newline <= 0) {
      throw new UnreadableValueException(
          "Session attribute '" + name + "' is not in the JSON codec's format", null);
    }
    String className = new String(bytes, 0, newline, StandardCharsets.UTF_8);
    if (!allows(className)) {
      throw new UnreadableValueException(
          "Refused to read " + className + " from JSON: not on the allow-list", null);
    }
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type =
          Class.forName(
              className,
              false,
              loader != null ? loader : JsonAttributeCodec.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new UnreadableValueException(
          "Class "
              + className
              + " is not on the classpath (removed or renamed since it was stored?)",
          e);
    }
    try {
      return mapper.readValue(bytes, newline + 1, bytes.length - newline - 1, type);
    } catch (IOException | RuntimeException e) {
      throw new UnreadableValueException(
          "Session attribute '"
              + name
              + "' is not readable as "
              + className
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "AttributeCodec.json(" + allowList.userEntries() + ")";
  }
}
