package io.stickless.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.UnreadableValueException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueCodecTest {

  public record Profile(String name, int age) {}

  @Test
  void stringsAreUtf8() {
    ValueCodec<String> codec = ValueCodec.string();

    assertThat(codec.encode("grüße")).isEqualTo("grüße".getBytes(StandardCharsets.UTF_8));
    assertThat(codec.decode(codec.encode("grüße"))).isEqualTo("grüße");
  }

  @Test
  void jsonRoundTripsARecord() {
    ValueCodec<Profile> codec = ValueCodec.json(Profile.class);

    byte[] bytes = codec.encode(new Profile("Ada", 36));

    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .isEqualTo("{\"name\":\"Ada\",\"age\":36}");
    assertThat(codec.decode(bytes)).isEqualTo(new Profile("Ada", 36));
  }

  @Test
  void unreadableJsonIsAnUnreadableValue() {
    ValueCodec<Profile> codec = ValueCodec.json(Profile.class);

    assertThatThrownBy(() -> codec.decode("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining(Profile.class.getName());
  }

  @Test
  void serializableRoundTripsJdkValues() {
    ValueCodec<Object> codec = ValueCodec.serializable(List.of());
    ArrayList<Object> value =
        new ArrayList<>(List.of("a", 1, Instant.parse("2026-01-01T00:00:00Z")));

    assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
  }

  @Test
  void serializableOfATypeRefusesAnotherType() {
    ValueCodec<String> strings = ValueCodec.serializable(String.class);
    byte[] aList = ValueCodec.serializable(List.of()).encode(new ArrayList<>(List.of("x")));

    assertThatThrownBy(() -> strings.decode(aList))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("java.util.ArrayList");
  }

  @Test
  void aNonSerializableValueIsRefusedByName() {
    ValueCodec<Object> codec = ValueCodec.serializable(List.of());

    assertThatThrownBy(() -> codec.encode(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void aClassOutsideTheAllowListIsRefusedWithoutInitialisingIt() {
    ValueCodec<Object> codec = ValueCodec.serializable(List.of("com.example.**"));

    assertThatThrownBy(() -> codec.decode(HarmlessValue.poisonedValueBytes()))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("io.stickless.cache.PoisonedValue");
    assertThat(PoisonFlag.INITIALISED).isFalse();
  }
}
