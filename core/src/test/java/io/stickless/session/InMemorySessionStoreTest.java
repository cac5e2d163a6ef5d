package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The contract, against the in-memory reference store. */
class InMemorySessionStoreTest extends SessionStoreContract {

  private SessionStore first;

  @Override
  protected SessionStore newNode(Config config) {
    SessionStoreBuilder builder =
        SessionStore.inMemory()
            .clock(clock)
            .defaultMaxInactiveInterval(config.maxInactive())
            .strictTouch(config.strictTouch())
            .writeMode(config.writeMode())
            .unreadableAttributePolicy(config.policy())
            .allowedClasses(config.allowedClasses().toArray(String[]::new));
    if (config.touchInterval() != null) {
      builder.touchInterval(config.touchInterval());
    }
    if (first != null) {
      builder.sharingSessionsWith(first);
    }
    SessionStore store = builder.build();
    if (first == null) {
      first = store;
    }
    return store;
  }

  @Override
  protected Map<String, Map<String, AttributeValue>> rawItems() {
    return ((InMemorySessionStore) first).items();
  }

  @Override
  protected void putRawItem(Map<String, AttributeValue> item) {
    ((InMemorySessionStore) first).items().put(item.get("key").s(), Map.copyOf(item));
  }

  @Test
  void expiredSessionsLeaveMemoryOnALaterCreate() {
    StoredSession old = store.createSession();
    store.save(old);
    clock.advance(Duration.ofMinutes(30));
    StoredSession recent = store.createSession();
    store.save(recent);
    clock.advance(Duration.ofMinutes(8)); // old is past its TTL, recent is not
    assertThat(rawItems()).hasSize(2);

    store.createSession();

    assertThat(rawItems()).containsOnlyKeys(keyOf(recent.getId()));
    assertThat(store.findById(recent.getId())).isNotNull();
  }
}
