package io.stickless.session;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The reference {@link SessionStore}: sessions in this JVM's memory, with exactly the semantics of
 * {@link DynamoDbSessionStore} (it runs the same code and keeps the same items, in a map), for
 * tests and single-node development. Values are encoded at save as they would be for DynamoDB, so a
 * non-serializable value or an in-place mutation behaves here as it will in production. Its {@link
 * #stats()} count the calls and capacity DynamoDB would see. Expired sessions are not found; they
 * leave memory on the first {@link #createSession()} at least a minute after the previous sweep, as
 * DynamoDB's TTL process removes them (later).
 *
 * <pre>{@code
 * InMemorySessionStore store = InMemorySessionStore.builder()
 *     .defaultMaxInactiveInterval(Duration.ofMinutes(30))
 *     .allowedClasses("com.example.cart.**")
 *     .build();
 * }</pre>
 */
public final class InMemorySessionStore extends EngineSessionStore {

  private static final long SWEEP_INTERVAL_MILLIS = 60_000;

  private final InMemorySessionBackend backend;
  private final AtomicLong lastSweepMillis;

  private InMemorySessionStore(SessionSettings settings, InMemorySessionBackend backend) {
    super(new SessionEngine(settings, backend));
    this.backend = backend;
    this.lastSweepMillis = new AtomicLong(engine.settings().clock().millis());
  }

  /** A builder with the defaults documented on its methods. */
  public static Builder builder() {
    return new Builder();
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

  /** Scans the sessions in memory. */
  @Override
  public List<StoredSession> findByPrincipal(String principal) {
    return engine.findByPrincipal(principal);
  }

  /** The items, keyed by their key (for tests in this package). */
  ConcurrentMap<String, Map<String, AttributeValue>> items() {
    return backend.items;
  }

  @Override
  public String toString() {
    return "InMemorySessionStore{sessions=" + items().size() + "}";
  }

  /** Configures an {@link InMemorySessionStore}; not thread-safe. */
  public static final class Builder {

    private final SessionOptions options = new SessionOptions();
    private @Nullable ConcurrentMap<String, Map<String, AttributeValue>> items;

    private Builder() {}

    /** The clock for creation, access and expiry. Default: {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      options.clock(clock);
      return this;
    }

    /**
     * Max inactive interval of new sessions. Default: 30 minutes.
     *
     * @throws IllegalArgumentException when shorter than one second
     */
    public Builder defaultMaxInactiveInterval(Duration interval) {
      options.defaultMaxInactiveInterval(interval);
      return this;
    }

    /**
     * A read-only request records its access (one write) when at least this long has passed since
     * the recorded one. Default: a quarter of the session's max inactive interval.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder touchInterval(Duration interval) {
      options.touchInterval(interval);
      return this;
    }

    /** Whether every request records its access (one write each). Default: false. */
    public Builder strictTouch(boolean strict) {
      options.strictTouch = strict;
      return this;
    }

    /** How concurrent changes of one attribute resolve. Default: last writer wins. */
    public Builder writeMode(SessionWriteMode mode) {
      options.writeMode = requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The attribute codec. Default: Java serialization allowing JDK value types plus {@link
     * #allowedClasses(String...)}.
     */
    public Builder codec(AttributeCodec codec) {
      options.codec(codec);
      return this;
    }

    /**
     * Classes the default Java-serialization codec may read besides JDK value types: {@code
     * com.example.Cart}, {@code com.example.*} (a package) or {@code com.example.**} (a tree).
     *
     * @throws IllegalArgumentException when an entry is blank or a bare wildcard
     */
    public Builder allowedClasses(String... entries) {
      options.allowedClasses(entries);
      return this;
    }

    /** What to do with a value that cannot be decoded. Default: drop the attribute. */
    public Builder unreadableAttributePolicy(UnreadableAttributePolicy policy) {
      options.unreadableAttributePolicy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Encoded values of at least this many bytes are compressed. Default: 1024.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder compressionThreshold(int bytes) {
      options.compressionThreshold(bytes);
      return this;
    }

    /** Tests: make this store another "node" over the same sessions as {@code other}. */
    Builder sharingSessionsWith(InMemorySessionStore other) {
      this.items = other.items();
      return this;
    }

    /**
     * The store.
     *
     * @throws IllegalStateException when options contradict each other (the message says which)
     */
    public InMemorySessionStore build() {
      SessionSettings settings = options.build();
      ConcurrentMap<String, Map<String, AttributeValue>> table =
          items != null ? items : InMemorySessionBackend.newTable();
      return new InMemorySessionStore(
          settings,
          new InMemorySessionBackend(table, settings.keyAttribute(), settings.ttlAttribute()));
    }
  }
}
