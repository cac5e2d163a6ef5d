package io.stickless.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.UnreadableValueException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The caps docs/SECURITY.md promises on a stored value, whoever wrote it: how far it may inflate,
 * how many objects and how long an array it may hold. Each refused with {@link
 * UnreadableValueException} (dropped with a WARN by the stores), the limit itself accepted.
 */
class HostileValuesTest {

  private static final SerialAllowList JDK_ONLY = SerialAllowList.of(List.of());

  @Test
  void aValueInflatingBeyond16MiBIsRefused() {
    byte[] bomb = ValueEnvelope.wrap(new byte[ValueEnvelope.MAX_INFLATED_BYTES + 1], 0);
    assertThat(bomb.length).as("deflated: fits in one item").isLessThan(100 * 1024);

    assertThatThrownBy(() -> ValueEnvelope.unwrap(bomb))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("inflates beyond " + ValueEnvelope.MAX_INFLATED_BYTES);
  }

  @Test
  void aValueInflatingTo16MiBIsRead() {
    byte[] stored = ValueEnvelope.wrap(new byte[ValueEnvelope.MAX_INFLATED_BYTES], 0);

    assertThat(ValueEnvelope.unwrap(stored)).hasSize(ValueEnvelope.MAX_INFLATED_BYTES);
  }

  @Test
  void anArrayLongerThanTheCapIsRefusedBeforeItIsAllocated() {
    byte[] longArray =
        JavaSerialization.serialize(new int[(int) SerialAllowList.MAX_ARRAY_LENGTH + 1]);
    byte[] atTheCap = JavaSerialization.serialize(new int[(int) SerialAllowList.MAX_ARRAY_LENGTH]);

    assertThatThrownBy(() -> JavaSerialization.deserialize(longArray, JDK_ONLY, null))
        .isInstanceOf(UnreadableValueException.class);
    assertThat((int[]) JavaSerialization.deserialize(atTheCap, JDK_ONLY, null))
        .hasSize((int) SerialAllowList.MAX_ARRAY_LENGTH);
  }

  @Test
  void moreObjectsThanTheReferenceCapAreRefused() {
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i <= SerialAllowList.MAX_REFERENCES; i++) {
      many.add(1_000 + i); // outside Integer's cache: each one a distinct object
    }
    byte[] stored = JavaSerialization.serialize(many);

    assertThatThrownBy(() -> JavaSerialization.deserialize(stored, JDK_ONLY, null))
        .isInstanceOf(UnreadableValueException.class);
  }
}
