package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.session.SessionStore;
import io.stickless.session.StoredSession;
import jakarta.servlet.http.HttpSession;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code setAttribute} refuses a name or value before it tells anyone: no {@code valueBound} on the
 * refused value, no {@code valueUnbound} on the value it would have replaced, no {@code
 * HttpSessionAttributeListener} call, and the old value stays.
 */
class RefusedAttributeListenersTest {

  private final SessionStore store =
      SessionStore.inMemory().allowedClasses("io.stickless.servlet.TestApp$Token").build();
  private final RecordingListener listener = new RecordingListener();
  private final FilterParts parts = Fakes.parts(store, listener);

  private final String journal = "refused-" + UUID.randomUUID();
  private HttpSession session;

  @BeforeEach
  void aSessionHoldingABindingListener() {
    StoredSession s = store.createSession();
    s.setAttribute("old", new TestApp.Token("old", journal));
    store.save(s);
    Fakes.Request request = new Fakes.Request().cookie("SESSION", s.getId());
    session =
        new RequestSessions(parts, request.proxy()).getSession(false, new Fakes.Response().proxy());
  }

  @Test
  void anEmptyNameIsRefusedBeforeValueBound() {
    assertThatThrownBy(() -> session.setAttribute("", new TestApp.Token("new", journal)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name is empty");

    assertThat(TestApp.bindingEvents(journal)).isEmpty();
    assertThat(listener.events).isEmpty();
    assertThat(session.getAttributeNames().asIterator()).toIterable().containsExactly("old");
  }

  @Test
  void aNameTooLongIsRefusedBeforeValueBound() {
    String longName = "é".repeat(513); // 1,026 bytes of UTF-8

    assertThatThrownBy(() -> session.setAttribute(longName, new TestApp.Token("new", journal)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1026 bytes")
        .hasMessageNotContaining(longName);

    assertThat(TestApp.bindingEvents(journal)).isEmpty();
    assertThat(listener.events).isEmpty();
  }

  @Test
  void aNonSerializableValueReplacingABoundOneUnbindsNothing() {
    assertThatThrownBy(() -> session.setAttribute("old", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'old'")
        .hasMessageContaining("not Serializable");

    assertThat(TestApp.bindingEvents(journal)).isEmpty();
    assertThat(listener.events).isEmpty();
    assertThat(session.getAttribute("old")).hasToString("Token(old)");
  }

  @Test
  void anAcceptedValueIsBoundThenTheOldOneUnboundThenListenersCalled() {
    session.setAttribute("old", new TestApp.Token("new", journal));

    assertThat(TestApp.bindingEvents(journal))
        .containsExactly("bound new as old", "unbound old as old");
    assertThat(listener.events).containsExactly("replaced old=Token(old)");
  }

  @Test
  void removingWithAnEmptyNameIsANoOpThatCallsNoListener() {
    session.setAttribute("", null);
    session.removeAttribute("");

    assertThat(TestApp.bindingEvents(journal)).isEmpty();
    assertThat(listener.events).isEmpty();
  }
}
