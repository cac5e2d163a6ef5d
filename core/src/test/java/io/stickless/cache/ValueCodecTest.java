package io.stickless.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.stickless.UnreadableValueException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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

  @Test
  void jsonWithAnApplicationsObjectMapperUsesIt() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ValueCodec<Profile> codec = JsonValueCodecs.json(Profile.class, mapper);

    byte[] bytes = codec.encode(new Profile("Ada", 36));

    assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\n");
    assertThat(codec.decode(bytes)).isEqualTo(new Profile("Ada", 36));
  }

  @Test
  void valueCodecCanBeInspectedAndUsedWithoutJacksonOnTheClasspath() throws Exception {
    ClassLoader withoutJackson = new WithoutJackson(ValueCodecTest.class.getClassLoader());
    Class<?> valueCodec = Class.forName(ValueCodec.class.getName(), true, withoutJackson);

    // what Mockito and Spring do: this failed with NoClassDefFoundError while a signature named
    // Jackson's ObjectMapper
    Method[] methods = valueCodec.getMethods();

    assertThat(methods).extracting(Method::getName).contains("string", "serializable", "json");
    Object strings = valueCodec.getMethod("string").invoke(null);
    assertThat(strings.getClass().getClassLoader()).isSameAs(withoutJackson);
    assertThatThrownBy(() -> valueCodec.getMethod("json", Class.class).invoke(null, Profile.class))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jackson-databind");
  }

  /** Loads Stickless's classes itself and refuses Jackson's, as an application without it would. */
  private static final class WithoutJackson extends ClassLoader {

    WithoutJackson(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("com.fasterxml.")) {
          throw new ClassNotFoundException(name + " (hidden by the test: no Jackson here)");
        }
        if (!name.startsWith("io.stickless.")) {
          return super.loadClass(name, resolve);
        }
        Class<?> loaded = findLoadedClass(name);
        if (loaded != null) {
          return loaded;
        }
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
          if (in == null) {
            throw new ClassNotFoundException(name);
          }
          byte[] bytes = in.readAllBytes();
          return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new ClassNotFoundException(name, e);
        }
      }
    }
  }
}
