package io.stickless.session;

import static io.stickless.session.SessionItems.numberOf;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The session semantics, written once for both stores: reading (the expiry check, decoding under
 * the unreadable-attribute policy), creating, deleting and invalidating here; saving in {@link
 * SessionWrites} (new sessions) and {@link DeltaSave} (changes); the id change in {@link IdChange}.
 * The backend only executes.
 */
final class SessionEngine {

  private static final Logger log = LoggerFactory.getLogger(SessionEngine.class);

  private final SessionSettings settings;
  private final SessionBackend backend;
  private final SessionItems items;
  private final SessionCounters counters = new SessionCounters();
  private final AttributeDecoder decoder;
  private final SessionWrites writes;
  private final DeltaSave deltaSave;
  private final IdChange idChange;
  private final @Nullable HintedReads hintedReads;

  /** An engine whose reads are as the backend makes them (strong, unless configured otherwise). */
  SessionEngine(SessionSettings settings, SessionBackend backend) {
    this(settings, backend, ConsistentReads.ALWAYS);
  }

  SessionEngine(SessionSettings settings, SessionBackend backend, ConsistentReads reads) {
    this.settings = settings;
    this.backend = backend;
    this.items = new SessionItems(settings);
    this.decoder = new AttributeDecoder(settings.codec(), counters);
    this.writes = new SessionWrites(settings, backend, items, counters);
    this.deltaSave = new DeltaSave(settings, backend, items, writes, counters);
    this.idChange = new IdChange(settings, backend, items, writes, decoder, counters);
    this.hintedReads =
        reads == ConsistentReads.HINTED ? new HintedReads(backend, items, settings.clock()) : null;
  }

  SessionSettings settings() {
    return settings;
  }

  StoredSession createSession() {
    Instant now = settings.clock().instant();
    StoredSession session =
        new StoredSession(
            SessionIds.generate(),
            now,
            now,
            true,
            settings.defaultMaxInactiveInterval(),
            Map.of(),
            Map.of(),
            null,
            0,
            false);
    session.issuesHints = hintedReads != null;
    return session;
  }

  /** {@code hint} is used only in {@link ConsistentReads#HINTED} mode. */
  @Nullable StoredSession findById(String id, @Nullable ReadHint hint) {
    requireNonNull(id, "id");
    if (!SessionIds.isWellFormed(id)) {
      counters.malformedIds.increment();
      return null;
    }
    String key = items.keyOfId(id);
    Map<String, AttributeValue> item =
        hintedReads != null ? hintedReads.read(key, hint) : backend.get(key);
    return item == null ? null : toSession(id, item);
  }

  List<StoredSession> findByPrincipal(String principal) {
    requireNonNull(principal, "principal");
    List<StoredSession> found = new ArrayList<>();
    for (Map<String, AttributeValue> item : backend.findByPrincipal(principal)) {
      AttributeValue key = item.get(settings.keyAttribute());
      if (key == null || key.s() == null || !key.s().startsWith(settings.keyPrefix())) {
        continue;
      }
      StoredSession session =
          toSession(SessionItems.referenceFor(settings.keyPrefix(), key.s()), item);
      if (session != null && principal.equals(session.getPrincipal())) {
        found.add(session);
      }
    }
    return found;
  }

  void deleteById(String id) {
    requireNonNull(id, "id");
    String key = SessionItems.keyFor(settings.keyPrefix(), id);
    if (key == null) {
      counters.malformedIds.increment();
      return;
    }
    backend.delete(key);
    counters.invalidations.increment();
  }

  void invalidate(StoredSession session) {
    requireNonNull(session, "session");
    synchronized (session) {
      boolean persisted = session.persisted && !session.gone;
      session.gone = true;
      if (persisted) {
        backend.delete(items.keyOf(session));
        counters.invalidations.increment();
      }
    }
  }

  void save(StoredSession session) {
    requireNonNull(session, "session");
    synchronized (session) {
      if (session.gone) {
        return;
      }
      if (!session.persisted) {
        writes.saveNew(session);
      } else {
        deltaSave.save(session);
      }
    }
  }

  String changeSessionId(StoredSession session) {
    requireNonNull(session, "session");
    synchronized (session) {
      return idChange.change(session);
    }
  }

  SessionStoreStats stats() {
    return counters.snapshot(backend.usage());
  }

  private @Nullable StoredSession toSession(String id, Map<String, AttributeValue> item) {
    if (!items.isLive(item, settings.clock().instant())) {
      return null;
    }
    Long created = numberOf(item, SessionItems.CREATED);
    Long accessed = numberOf(item, SessionItems.ACCESSED);
    Long idle = numberOf(item, SessionItems.IDLE);
    Long version = numberOf(item, SessionItems.VERSION);
    AttributeValue attrs = item.get(SessionItems.ATTRIBUTES);
    if (created == null || accessed == null || idle == null || attrs == null || !attrs.hasM()) {
      log.warn(
          "Ignoring a malformed session item (missing created, accessed, idle or attrs); it"
              + " will expire by its TTL");
      return null;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, byte[]> stored = new HashMap<>();
    Map<String, Boolean> unreadable = new HashMap<>();
    UnreadableAttributePolicy policy = settings.unreadableAttributePolicy();
    for (Map.Entry<String, AttributeValue> e : attrs.m().entrySet()) {
      String name = e.getKey();
      AttributeDecoder.Decoded decoded = decoder.decode(name, e.getValue(), policy);
      if (decoded instanceof AttributeDecoder.Readable readable) {
        values.put(name, readable.value());
      } else if (decoded instanceof AttributeDecoder.Unreadable u) {
        if (policy == UnreadableAttributePolicy.DROP_SESSION) {
          return null;
        }
        // the original bytes stay: a read-only request writes nothing because of them
        unreadable.put(name, u.removable());
      }
      if (e.getValue().b() != null) {
        stored.put(name, e.getValue().b().asByteArray());
      }
    }
    StoredSession session =
        new StoredSession(
            id,
            Instant.ofEpochMilli(created),
            Instant.ofEpochMilli(accessed),
            false,
            Duration.ofSeconds(idle),
            values,
            stored,
            SessionItems.principalOf(item),
            version == null ? 0 : version,
            true);
    // removed with the next write of attributes unless their class is missing
    session.unreadable.putAll(unreadable);
    session.issuesHints = hintedReads != null;
    session.encoder = writes::encode;
    return session;
  }
}
