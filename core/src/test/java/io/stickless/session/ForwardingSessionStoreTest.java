package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ForwardingSessionStoreTest {

  @Test
  void forwardsEveryMethodOfTheInterfaceIncludingItsDefaults() throws Exception {
    // a method left to the interface's default would not reach the decorated store
    for (Method method : SessionStore.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Method forwarding =
          ForwardingSessionStore.class.getMethod(method.getName(), method.getParameterTypes());
      assertThat(forwarding.getDeclaringClass())
          .as("%s%s", method.getName(), Arrays.toString(method.getParameterTypes()))
          .isEqualTo(ForwardingSessionStore.class);
    }
  }

  @Test
  void aDecoratorSeesTheDelegatesSessionsAndChangesOnlyWhatItOverrides() {
    SessionStore store = SessionStore.inMemory().build();
    int[] saves = {0};
    SessionStore counting =
        new ForwardingSessionStore() {
          @Override
          protected SessionStore delegate() {
            return store;
          }

          @Override
          public void save(StoredSession session) {
            saves[0]++;
            super.save(session);
          }
        };
    StoredSession session = counting.createSession();
    session.setAttribute("user", "alice");
    counting.save(session);

    StoredSession read = counting.findById(session.getId(), null);
    assertThat(read).isNotNull();
    assertThat(read.getAttribute("user")).isEqualTo("alice");
    assertThat(saves[0]).isEqualTo(1);
    assertThat(counting.stats().sessionsCreated()).isEqualTo(1);
    assertThat(counting.stats().attributeWrites()).isEqualTo(store.stats().attributeWrites());
    assertThat(counting.defaultMaxInactiveInterval()).isEqualTo(store.defaultMaxInactiveInterval());
  }
}
