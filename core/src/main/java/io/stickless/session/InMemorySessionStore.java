package io.stickless.session;

import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sessions in this JVM's memory: the same engine over a map holding the same items, built by {@link
 * SessionStoreBuilder} from {@link SessionStore#inMemory()}. Expired sessions leave memory on the
 * first {@link #createSession()} at least a minute after the previous sweep, as DynamoDB's TTL
 * process removes them (later).
 */
final class InMemorySessionStore extends EngineSessionStore {

  private static final long SWEEP_INTERVAL_MILLIS = 60_000;

  private final InMemorySessionBackend backend;
  private final AtomicLong lastSweepMillis;

  InMemorySessionStore(SessionSettings settings, InMemorySessionBackend backend) {
    super(new SessionEngine(settings, backend));
    this.backend = backend;
    this.lastSweepMillis = new AtomicLong(engine.settings().clock().millis());
  }

  @Override
  public StoredSession createSession() {
    removeExpiredOnceAMinute();
    return super.createSession();
  }

  /** A single-node app may run for weeks: expired sessions must leave memory, as TTL does. */
  private void removeExpiredOnceAMinute() {
    long now = engine.settings().clock().millis();
    long last = lastSweepMillis.get();
    if (now - last >= SWEEP_INTERVAL_MILLIS && lastSweepMillis.compareAndSet(last, now)) {
      backend.removeExpired(now / 1000);
    }
  }

  /** The items, keyed by their key (for tests in this package and for sharing between nodes). */
  ConcurrentMap<String, Map<String, AttributeValue>> items() {
    return backend.items;
  }

  @Override
  public String toString() {
    return "InMemorySessionStore{sessions=" + items().size() + "}";
  }
}
