package io.stickless.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * JSON value codecs with an application's own Jackson {@code ObjectMapper}. Kept apart from {@link
 * ValueCodec} so that no signature of {@code ValueCodec} names a Jackson type: Jackson is an
 * optional dependency, and reflection over {@code ValueCodec} (mocking libraries, Spring) must work
 * without it. This class needs {@code com.fasterxml.jackson.core:jackson-databind} on the
 * classpath.
 *
 * <pre>{@code
 * ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();
 * ValueCodec<Profile> codec = JsonValueCodecs.json(Profile.class, mapper);
 * }</pre>
 */
public final class JsonValueCodecs {

  private JsonValueCodecs() {}

  /**
   * JSON with the given Jackson {@code ObjectMapper} (shared, not copied: configure it before).
   * Stored JSON that cannot be read as {@code type} is a miss ({@link
   * io.stickless.UnreadableValueException}).
   *
   * @throws NullPointerException when an argument is null
   */
  public static <V> ValueCodec<V> json(Class<V> type, ObjectMapper mapper) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mapper, "mapper");
    return new JacksonValueCodec<>(type, mapper);
  }
}
