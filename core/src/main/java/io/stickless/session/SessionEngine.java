package io.stickless.session;

import static java.util.Objects.requireNonNull;

import io.stickless.SticklessException;
import io.stickless.UnreadableValueException;
import io.stickless.internal.Expiry;
import io.stickless.internal.ItemSizes;
import io.stickless.internal.ValueEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The session semantics, written once for both stores: what to send on save (put, delta update,
 * touch or nothing), the expiry check on read, decoding under the unreadable-value policy, the 400
 * KB guard. The backend only executes.
 */
final class SessionEngine {

  private static final Logger log = LoggerFactory.getLogger(SessionEngine.class);

  /**
   * Above this many changed and removed attributes in one save, the whole attribute map is written
   * (one SET of {@code attrs}) so the update expression stays under DynamoDB's 4 KB limit. Such a
   * save overwrites attributes another request changed meanwhile; below it, concurrent changes of
   * different attributes all win.
   */
  static final int MAX_DELTA_ENTRIES = 100;

  private final SessionSettings settings;
  private final SessionBackend backend;

  private final LongAdder sessionsCreated = new LongAdder();
  private final LongAdder attributeWrites = new LongAdder();
  private final LongAdder touches = new LongAdder();
  private final LongAdder droppedWrites = new LongAdder();
  private final LongAdder conflicts = new LongAdder();
  private final LongAdder unreadableAttributes = new LongAdder();
  private final LongAdder malformedIds = new LongAdder();

  SessionEngine(SessionSettings settings, SessionBackend backend) {
    this.settings = settings;
    this.backend = backend;
  }

  SessionSettings settings() {
    return settings;
  }

  SessionBackend backend() {
    return backend;
  }

  StoredSession createSession() {
    Instant now = settings.clock().instant();
    return new StoredSession(
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
  }

  @Nullable StoredSession findById(String id) {
    requireNonNull(id, "id");
    if (!SessionIds.isWellFormed(id)) {
      malformedIds.increment();
      return null;
    }
    String key = settings.keyPrefix() + SessionItems.hash(id);
    Map<String, AttributeValue> item = backend.get(key);
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
      malformedIds.increment();
      return;
    }
    backend.delete(key);
  }

  void invalidate(StoredSession session) {
    requireNonNull(session, "session");
    synchronized (session) {
      boolean persisted = session.persisted && !session.gone;
      session.gone = true;
      if (persisted) {
        backend.delete(keyOf(session));
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
        saveNew(session);
      } else {
        saveChanges(session);
      }
    }
  }

  String changeSessionId(StoredSession session) {
    requireNonNull(session, "session");
    synchronized (session) {
      String newId = SessionIds.generate();
      if (!session.persisted || session.gone) {
        session.changeId(newId);
        return newId;
      }
      String oldKey = keyOf(session);
      Instant now = settings.clock().instant();
      Map<String, byte[]> encoded = encodeAll(session);
      long version = session.version + 1;
      Map<String, AttributeValue> item =
          fullItem(settings.keyPrefix() + SessionItems.hash(newId), session, encoded, now, version);
      checkSize(item, encoded);
      if (!backend.putIfAbsent(item)) {
        throw new SticklessException(
            "A session item already exists under a freshly generated id; this should not happen"
                + " with 256-bit random ids: check that nothing else writes session items");
      }
      Map<String, AttributeValue> old = backend.delete(oldKey);
      if (old == null || !isLive(old, now)) {
        // invalidated (or expired) meanwhile by another request: the new id must not revive it
        backend.delete(item.get(settings.keyAttribute()).s());
        session.gone = true;
        droppedWrites.increment();
        log.debug("Session was invalidated during an id change; the new id stays empty");
      } else {
        markWritten(session, encoded, now, version);
      }
      session.changeId(newId);
      return newId;
    }
  }

  SessionStoreStats stats() {
    return new SessionStoreStats(
        backend.usage(),
        sessionsCreated.sum(),
        attributeWrites.sum(),
        touches.sum(),
        droppedWrites.sum(),
        conflicts.sum(),
        unreadableAttributes.sum(),
        malformedIds.sum());
  }

  // ---- save ----

  private void saveNew(StoredSession session) {
    Instant now = settings.clock().instant();
    Map<String, byte[]> encoded = encodeAll(session);
    Map<String, AttributeValue> item =
        fullItem(
            settings.keyPrefix() + SessionItems.hash(session.getId()), session, encoded, now, 1);
    checkSize(item, encoded);
    if (!backend.putIfAbsent(item)) {
      throw new SticklessException(
          "A session item already exists under a freshly generated id; this should not happen"
              + " with 256-bit random ids: check that nothing else writes session items");
    }
    sessionsCreated.increment();
    session.persisted = true;
    markWritten(session, encoded, now, 1);
  }

  private void saveChanges(StoredSession session) {
    Instant now = settings.clock().instant();
    Map<String, byte[]> changed = new LinkedHashMap<>();
    Map<String, Object> values = session.values();
    for (String name : new TreeSet<>(session.dirty)) {
      Object value = values.get(name);
      if (value != null) {
        byte[] bytes = encode(name, value);
        if (!Arrays.equals(bytes, session.storedValues.get(name))) {
          changed.put(name, bytes);
        }
      }
    }
    Set<String> removed = new TreeSet<>(session.removed);
    removed.retainAll(session.storedValues.keySet());
    boolean principalChanged =
        !java.util.Objects.equals(session.getPrincipal(), session.storedPrincipal);
    Duration maxInactive = session.getMaxInactiveInterval();
    boolean idleChanged =
        idleSeconds(maxInactive) != idleSeconds(session.storedMaxInactiveInterval);
    boolean changes = !changed.isEmpty() || !removed.isEmpty() || principalChanged || idleChanged;
    boolean touchDue =
        (settings.strictTouch() && !session.touchedByThisRequest)
            || now.toEpochMilli() - session.storedAccessedMillis
                >= settings.touchIntervalFor(maxInactive).toMillis();
    if (!changes && !touchDue) {
      return;
    }
    String key = keyOf(session);
    Map<String, AttributeValue> replaceAttributes = null;
    if (!changed.isEmpty() || removed.size() > MAX_DELTA_ENTRIES) {
      Map<String, byte[]> all = new LinkedHashMap<>(session.storedValues);
      all.keySet().removeAll(removed);
      all.putAll(changed);
      checkSize(fullItem(key, session, all, now, session.version), all);
      if (changed.size() + removed.size() > MAX_DELTA_ENTRIES) {
        // DynamoDB caps an expression at 4 KB: this many entries go as one whole map instead
        replaceAttributes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
          replaceAttributes.put(e.getKey(), binary(e.getValue()));
        }
      }
    }

    Map<String, AttributeValue> fields = new LinkedHashMap<>();
    fields.put(SessionItems.ACCESSED, number(now.toEpochMilli()));
    fields.put(settings.ttlAttribute(), Expiry.ttlValue(ttlEpochSecond(now, maxInactive)));
    fields.put(SessionItems.IDLE, number(idleSeconds(maxInactive)));
    String principal = session.getPrincipal();
    if (principalChanged && principal != null) {
      fields.put(SessionItems.PRINCIPAL, AttributeValue.fromS(principal));
    }
    Map<String, AttributeValue> setAttributes = new LinkedHashMap<>();
    changed.forEach((name, bytes) -> setAttributes.put(name, binary(bytes)));
    boolean optimistic = changes && settings.writeMode() == SessionWriteMode.OPTIMISTIC;
    SessionBackend.Delta delta =
        new SessionBackend.Delta(
            fields,
            setAttributes,
            removed,
            replaceAttributes,
            principalChanged && principal == null,
            changes,
            optimistic ? session.version : null);
    if (!backend.update(key, delta, now.getEpochSecond())) {
      if (optimistic) {
        Map<String, AttributeValue> current = backend.get(key);
        if (current != null && isLive(current, now)) {
          conflicts.increment();
          throw new SessionConflictException(
              "Another request changed this session's attributes since this request read it"
                  + " (expected version "
                  + session.version
                  + "); nothing was written: reload the session and apply the change again, or"
                  + " use SessionWriteMode.LAST_WRITER_WINS");
        }
      }
      session.gone = true;
      droppedWrites.increment();
      log.debug("Dropped a late write: the session was invalidated or expired meanwhile");
      return;
    }
    if (changes) {
      attributeWrites.increment();
    } else {
      touches.increment();
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "Session saved: {} attributes set, {} removed{}",
          changed.size(),
          removed.size(),
          changes ? "" : " (touch)");
    }
    Map<String, byte[]> stored = session.storedValues;
    stored.keySet().removeAll(removed);
    stored.putAll(changed);
    session.removed.clear();
    session.storedPrincipal = principal;
    session.storedMaxInactiveInterval = maxInactive;
    session.storedAccessedMillis = now.toEpochMilli();
    session.touchedByThisRequest = true;
    if (changes) {
      session.version++;
    }
  }

  private void markWritten(
      StoredSession session, Map<String, byte[]> encoded, Instant now, long version) {
    session.storedValues.clear();
    session.storedValues.putAll(encoded);
    session.removed.clear();
    session.storedPrincipal = session.getPrincipal();
    session.storedMaxInactiveInterval = session.getMaxInactiveInterval();
    session.storedAccessedMillis = now.toEpochMilli();
    session.touchedByThisRequest = true;
    session.version = version;
  }

  /** Every attribute in stored form: read or set ones re-encoded, the others as they were. */
  private Map<String, byte[]> encodeAll(StoredSession session) {
    Map<String, byte[]> encoded = new LinkedHashMap<>();
    session
        .values()
        .forEach(
            (name, value) -> {
              byte[] stored = session.storedValues.get(name);
              encoded.put(
                  name,
                  stored != null && !session.dirty.contains(name) ? stored : encode(name, value));
            });
    return encoded;
  }

  private byte[] encode(String name, Object value) {
    return ValueEnvelope.wrap(
        settings.codec().encode(name, value), settings.compressionThreshold());
  }

  private Map<String, AttributeValue> fullItem(
      String key,
      StoredSession session,
      Map<String, byte[]> encoded,
      Instant accessed,
      long version) {
    Duration maxInactive = session.getMaxInactiveInterval();
    Map<String, AttributeValue> attrs = new LinkedHashMap<>();
    encoded.forEach((name, bytes) -> attrs.put(name, binary(bytes)));
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(settings.keyAttribute(), AttributeValue.fromS(key));
    item.put(settings.ttlAttribute(), Expiry.ttlValue(ttlEpochSecond(accessed, maxInactive)));
    item.put(SessionItems.CREATED, number(session.getCreationTime().toEpochMilli()));
    item.put(SessionItems.ACCESSED, number(accessed.toEpochMilli()));
    item.put(SessionItems.IDLE, number(idleSeconds(maxInactive)));
    item.put(SessionItems.VERSION, number(version));
    item.put(SessionItems.ATTRIBUTES, AttributeValue.fromM(attrs));
    String principal = session.getPrincipal();
    if (principal != null) {
      item.put(SessionItems.PRINCIPAL, AttributeValue.fromS(principal));
    }
    return item;
  }

  private void checkSize(Map<String, AttributeValue> item, Map<String, byte[]> encoded) {
    long size = ItemSizes.itemSize(item);
    if (size > ItemSizes.MAX_ITEM_BYTES) {
      Map<String, Long> sizes = new HashMap<>();
      encoded.forEach((name, bytes) -> sizes.put(name, (long) bytes.length));
      throw new SessionTooLargeException(
          "Session would be "
              + size
              + " bytes, above DynamoDB's item limit of "
              + ItemSizes.MAX_ITEM_BYTES
              + " bytes; largest attributes (encoded): "
              + ItemSizes.largest(sizes, 3)
              + ". Nothing was written: keep large data out of the session (cache, S3) and store a"
              + " reference instead");
    }
  }

  // ---- read ----

  private @Nullable StoredSession toSession(String id, Map<String, AttributeValue> item) {
    Instant now = settings.clock().instant();
    if (!isLive(item, now)) {
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
    List<String> unreadable = new ArrayList<>();
    for (Map.Entry<String, AttributeValue> e : attrs.m().entrySet()) {
      String name = e.getKey();
      SdkBytes b = e.getValue().b();
      try {
        if (b == null) {
          throw new UnreadableValueException("stored value is not binary", null);
        }
        byte[] bytes = b.asByteArray();
        values.put(name, settings.codec().decode(name, ValueEnvelope.unwrap(bytes)));
        stored.put(name, bytes);
      } catch (RuntimeException ex) {
        unreadableAttributes.increment();
        UnreadableAttributePolicy policy = settings.unreadableAttributePolicy();
        log.warn(
            "Session attribute '{}' cannot be read ({}); policy {}", name, ex.getMessage(), policy);
        switch (policy) {
          case FAIL -> {
            throw ex instanceof UnreadableValueException u
                ? u
                : new UnreadableValueException(
                    "Session attribute '" + name + "' cannot be read: " + ex.getMessage(), ex);
          }
          case DROP_SESSION -> {
            return null;
          }
          case DROP_ATTRIBUTE -> {
            unreadable.add(name);
            stored.put(name, new byte[0]);
          }
        }
      }
    }
    AttributeValue principal = item.get(SessionItems.PRINCIPAL);
    StoredSession session =
        new StoredSession(
            id,
            Instant.ofEpochMilli(created),
            Instant.ofEpochMilli(accessed),
            false,
            Duration.ofSeconds(idle),
            values,
            stored,
            principal == null ? null : principal.s(),
            version == null ? 0 : version,
            true);
    // removed at the next save that writes, so the WARN is not repeated on every request
    session.removed.addAll(unreadable);
    return session;
  }

  /**
   * The one expiry rule: the stored TTL alone (Expiry). It encodes the writer's touch slack, so a
   * node with a shorter touch interval never expires a session early.
   */
  private boolean isLive(Map<String, AttributeValue> item, Instant now) {
    return Expiry.isLive(item, settings.ttlAttribute(), now.getEpochSecond());
  }

  private String keyOf(StoredSession session) {
    String key = SessionItems.keyFor(settings.keyPrefix(), session.getId());
    if (key == null) {
      throw new IllegalArgumentException(
          "Session id is neither a session id nor a store reference; was this session made by a"
              + " SessionStore?");
    }
    return key;
  }

  private long ttlEpochSecond(Instant accessed, Duration maxInactive) {
    Duration touch = settings.touchIntervalFor(maxInactive);
    Duration life =
        maxInactive.isZero() || maxInactive.isNegative()
            ? SessionSettings.NEVER_EXPIRES_TTL
            : maxInactive;
    long millis = accessed.toEpochMilli() + life.toMillis() + touch.toMillis();
    return Math.floorDiv(millis + 999, 1000);
  }

  /** Whole seconds, at least one for a positive interval; zero or negative: never expires. */
  static long idleSeconds(Duration maxInactive) {
    if (maxInactive.isZero() || maxInactive.isNegative()) {
      return maxInactive.isZero() ? 0 : -1;
    }
    long seconds = maxInactive.getSeconds() + (maxInactive.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  private static @Nullable Long numberOf(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    if (v == null || v.n() == null) {
      return null;
    }
    try {
      return Long.parseLong(v.n());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static AttributeValue number(long n) {
    return AttributeValue.fromN(Long.toString(n));
  }

  private static AttributeValue binary(byte[] bytes) {
    return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(bytes));
  }
}
