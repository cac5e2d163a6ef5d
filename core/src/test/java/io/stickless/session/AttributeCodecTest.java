package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.UnreadableValueException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeCodecTest {

  @Test
  void javaSerializationRoundTripsJdkValuesAndAllowedClasses() {
    AttributeCodec codec = AttributeCodec.javaSerialization(List.of("io.stickless.session.Cart"));
    Cart cart = new Cart();
    cart.add("book");
    Map<String, Object> map = new HashMap<>(Map.of("at", Instant.EPOCH, "n", 42L));

    assertThat(((Cart) codec.decode("c", codec.encode("c", cart))).items()).containsExactly("book");
    assertThat(codec.decode("m", codec.encode("m", map))).isEqualTo(map);
    assertThat(codec.decode("s", codec.encode("s", "text"))).isEqualTo("text");
  }

  @Test
  void javaSerializationRejectsClassesOutsideTheAllowList() {
    AttributeCodec codec = AttributeCodec.javaSerialization(List.of());
    byte[] bytes = codec.encode("c", new Cart());
    assertThatThrownBy(() -> codec.decode("c", bytes))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("io.stickless.session.Cart");
  }

  @Test
  void javaSerializationNamesTheAttributeOfANonSerializableValue() {
    AttributeCodec codec = AttributeCodec.javaSerialization(List.of());
    assertThatThrownBy(() -> codec.encode("lock", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'lock'")
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void allowListEntriesAreValidated() {
    assertThatThrownBy(() -> AttributeCodec.javaSerialization(List.of("*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'*'");
    assertThatThrownBy(() -> AttributeCodec.json(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  public static class Profile {
    public String name;
    public List<String> tags = new ArrayList<>();
  }

  @Test
  void jsonRoundTripsAllowedClassesAndJdkValues() {
    AttributeCodec codec = AttributeCodec.json(List.of());
    AttributeCodec exact =
        AttributeCodec.json(List.of("io.stickless.session.AttributeCodecTest$Profile"));
    Profile p = new Profile();
    p.name = "ann";
    p.tags.add("admin");

    byte[] bytes = exact.encode("profile", p);
    Profile back = (Profile) exact.decode("profile", bytes);

    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .startsWith("io.stickless.session.AttributeCodecTest$Profile\n{");
    assertThat(back.name).isEqualTo("ann");
    assertThat(back.tags).containsExactly("admin");
    assertThat(codec.decode("n", codec.encode("n", 42))).isEqualTo(42);
    assertThat(codec.decode("s", codec.encode("s", "text"))).isEqualTo("text");
    assertThat(exact.encode("profile", p)).isEqualTo(bytes); // deterministic
  }

  @Test
  void jsonRefusesAClassOutsideTheAllowListWithoutLoadingIt() {
    AttributeCodec codec = AttributeCodec.json(List.of());
    byte[] tampered =
        "io.stickless.session.TamperedGadgetXY\n{\"field\":1}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> codec.decode("g", tampered))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("TamperedGadgetXY")
        .hasMessageContaining("allow-list");
    assertThat(System.getProperty("stickless.test.gadget.initialized")).isNull();
  }

  @Test
  void jsonReportsAMissingClassAndGarbage() {
    AttributeCodec codec = AttributeCodec.json(List.of("com.example.**"));
    assertThatThrownBy(
            () -> codec.decode("x", "com.example.Gone\n{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("com.example.Gone");
    assertThatThrownBy(() -> codec.decode("x", new byte[] {1, 2, 3}))
        .isInstanceOf(UnreadableValueException.class);
  }

  @Test
  void aStoreWithTheJsonCodecSavesInPlaceMutation() {
    SessionStore store =
        SessionStore.inMemory()
            .codec(AttributeCodec.json(List.of("io.stickless.session.AttributeCodecTest$Profile")))
            .build();
    StoredSession s = store.createSession();
    Profile p = new Profile();
    p.name = "ann";
    s.setAttribute("profile", p);
    store.save(s);

    StoredSession read = store.findById(s.getId());
    ((Profile) read.getAttribute("profile")).tags.add("vip");
    store.save(read);

    assertThat(((Profile) store.findById(s.getId()).getAttribute("profile")).tags)
        .containsExactly("vip");
  }

  @Test
  void javaSerializationRefusesValuesNestedDeeperThan32() {
    AttributeCodec codec = AttributeCodec.javaSerialization(List.of());
    assertThat(codec.decode("n", codec.encode("n", nested(20)))).isEqualTo(nested(20));
    byte[] deep = codec.encode("n", nested(40));
    assertThatThrownBy(() -> codec.decode("n", deep)).isInstanceOf(UnreadableValueException.class);
  }

  private static List<Object> nested(int depth) {
    List<Object> list = new ArrayList<>();
    for (int i = 1; i < depth; i++) {
      List<Object> outer = new ArrayList<>();
      outer.add(list);
      list = outer;
    }
    return list;
  }

  @Test
  void javaSerializationNamesAClassThatChangedIncompatiblyInsteadOfBlamingTheAllowList() {
    AttributeCodec codec =
        AttributeCodec.javaSerialization(List.of("io.stickless.session.TamperedHarmless"));
    byte[] bytes = codec.encode("h", new TamperedHarmless());
    int at =
        SessionStoreContract.indexOf(bytes, "TamperedHarmless".getBytes(StandardCharsets.US_ASCII));
    bytes[at + "TamperedHarmless".length() + 7] = 8; // serialVersionUID 7 -> 8
    byte[] changed = bytes;

    assertThatThrownBy(() -> codec.decode("h", changed))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("io.stickless.session.TamperedHarmless")
        .hasMessageContaining("serialVersionUID")
        .hasMessageNotContaining("allow-list");
  }

  @Test
  void javaSerializationTurnsAClassThatFailsToInitialiseIntoAnUnreadableValue() {
    AttributeCodec codec = AttributeCodec.javaSerialization(List.of("io.stickless.session.*"));
    byte[] bytes = codec.encode("h", new TamperedHarmless());
    int at =
        SessionStoreContract.indexOf(bytes, "TamperedHarmless".getBytes(StandardCharsets.US_ASCII));
    System.arraycopy("TamperedBrokenXY".getBytes(StandardCharsets.US_ASCII), 0, bytes, at, 16);

    assertThatThrownBy(() -> codec.decode("h", bytes))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("TamperedBrokenXY");
  }

  @Test
  void jsonRefusesJdkClassesThatAreNotPlainValues() {
    AttributeCodec codec = AttributeCodec.json(List.of());
    int timersBefore = timerThreads();
    assertThatThrownBy(
            () -> codec.decode("t", "java.util.Timer\n{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("java.util.Timer")
        .hasMessageContaining("allow-list");
    assertThat(timerThreads()).isEqualTo(timersBefore);
    assertThat(codec.decode("l", codec.encode("l", new ArrayList<>(List.of(1, 2)))))
        .isEqualTo(List.of(1, 2));
    java.util.UUID id = java.util.UUID.randomUUID();
    assertThat(codec.decode("u", codec.encode("u", id))).isEqualTo(id);
  }

  private static int timerThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("Timer-"))
            .count();
  }

  /** An allowed class whose field is typed Object and carries its class name in the JSON. */
  public static class Holder {
    @com.fasterxml.jackson.annotation.JsonTypeInfo(
        use = com.fasterxml.jackson.annotation.JsonTypeInfo.Id.CLASS)
    public Object payload;
  }

  @Test
  void jsonPolymorphicTypesInsideAnAllowedClassPassTheAllowListToo() {
    AttributeCodec codec =
        AttributeCodec.json(List.of("io.stickless.session.AttributeCodecTest$Holder"));
    byte[] tampered =
        ("io.stickless.session.AttributeCodecTest$Holder\n"
                + "{\"payload\":[\"java.util.Timer\",{}]}")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> codec.decode("h", tampered))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("java.util.Timer");

    Holder ok = new Holder();
    ok.payload = new ArrayList<>(List.of("a"));
    Holder back = (Holder) codec.decode("h", codec.encode("h", ok));
    assertThat(back.payload).isEqualTo(List.of("a"));
  }
}
