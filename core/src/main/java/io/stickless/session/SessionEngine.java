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
      String newKey = settings.keyPrefix() + SessionItems.hash(newId);
      Instant now = settings.clock().instant();
      Map<String, byte[]> encoded = encodeAll(session);
      Set<String> changedHere = changedNames(session, encoded);
      long version = session.version + 1;
      Map<String, AttributeValue> item = fullItem(newKey, session, encoded, now, version);
      checkSize(item, encoded);
      putNew(item);
      boolean optimistic = settings.writeMode() == SessionWriteMode.OPTIMISTIC;
      Map<String, AttributeValue> old =
          optimistic ? backend.deleteIfVersion(oldKey, session.version) : backend.delete(oldKey);
      if (old == null && optimistic) {
        backend.delete(newKey);
        Map<String, AttributeValue> current = backend.get(oldKey);
        if (current != null
            && Expiry.isLive(current, settings.ttlAttribute(), now.getEpochSecond())) {
          conflicts.increment();
          throw new SessionConflictException(
              "Another request changed this session's attributes since this request read it"
                  + " (expected version "
                  + session.version
                  + "); the id was not changed: reload the session and change its id again, or"
                  + " use SessionWriteMode.LAST_WRITER_WINS");
        }
      }
      if (old == null || !Expiry.isLive(old, settings.ttlAttribute(), now.getEpochSecond())) {
        // invalidated (or expired) meanwhile by another request: the new id must not revive it
        if (!optimistic || old != null) {
          backend.delete(newKey); // (optimistic and absent: deleted above already)
        }
        session.gone = true;
        droppedWrites.increment();
        log.debug("Session was invalidated during an id change; the new id stays empty");
        session.changeId(newId);
        return newId;
      }
      Long oldVersion = numberOf(old, SessionItems.VERSION);
      if (oldVersion != null && oldVersion != session.version) {
        // another request committed after this one read: keep what it wrote under the new id
        version = mergeInto(newKey, session, old, encoded, changedHere, oldVersion, now);
        if (version < 0) {
          session.changeId(newId);
          return newId;
        }
      }
      markWritten(session, encoded, now, version);
      session.changeId(newId);
      return newId;
    }
  }

  /**
   * Copies into the new item the entries of the old one this request neither changed nor removed
   * (one conditional UpdateItem); {@code encoded} becomes the merged map. The new version, or -1
   * when the new item vanished meanwhile.
   */
  private long mergeInto(
      String newKey,
      StoredSession session,
      Map<String, AttributeValue> old,
      Map<String, byte[]> encoded,
      Set<String> changedHere,
      long oldVersion,
      Instant now) {
    AttributeValue oldAttrs = old.get(SessionItems.ATTRIBUTES);
    Map<String, AttributeValue> theirs =
        oldAttrs != null && oldAttrs.hasM() ? oldAttrs.m() : Map.of();
    Map<String, AttributeValue> set = new LinkedHashMap<>();
    Set<String> remove = new TreeSet<>();
    theirs.forEach(
        (name, value) -> {
          if (changedHere.contains(name)
              || session.removed.contains(name)
              || session.unreadable.containsKey(name)
              || value.b() == null) {
            return; // unreadable ones: kept (class missing) or left behind, as this request decided
          }
          byte[] bytes = value.b().asByteArray();
          if (!Arrays.equals(bytes, encoded.get(name))) {
            set.put(name, value);
          }
        });
    for (String name : encoded.keySet()) {
      if (!changedHere.contains(name) && !theirs.containsKey(name)) {
        remove.add(name); // removed by the other request
      }
    }
    long version = Math.max(oldVersion, session.version) + 1;
    if (set.isEmpty() && remove.isEmpty()) {
      return session.version + 1;
    }
    Map<String, byte[]> merged = new LinkedHashMap<>(encoded);
    merged.keySet().removeAll(remove);
    set.forEach((name, value) -> merged.put(name, value.b().asByteArray()));
    checkSize(fullItem(newKey, session, merged, now, version), merged);
    Map<String, AttributeValue> fields = new LinkedHashMap<>();
    fields.put(SessionItems.VERSION, number(version));
    boolean applied =
        backend.update(
            newKey,
            new SessionBackend.Delta(fields, set, remove, null, false, false, null, null),
            now.getEpochSecond());
    if (!applied) {
      session.gone = true;
      droppedWrites.increment();
      log.debug("Session was invalidated right after an id change; the new id stays empty");
      return -1;
    }
    encoded.clear();
    encoded.putAll(merged);
    Map<String, Object> values = session.values();
    values.keySet().removeAll(remove);
    session.dirty.removeAll(remove);
    set.forEach(
        (name, value) -> {
          byte[] bytes = value.b().asByteArray();
          session.dirty.remove(name);
          session.baseline.remove(name);
          try {
            values.put(name, settings.codec().decode(name, ValueEnvelope.unwrap(bytes)));
            session.unreadable.remove(name);
          } catch (RuntimeException | LinkageError e) {
            values.remove(name);
            unreadableAttributes.increment();
            log.warn(
                "Session attribute '{}' cannot be read ({}); policy {}",
                name,
                e.getMessage(),
                UnreadableAttributePolicy.DROP_ATTRIBUTE);
            session.unreadable.put(name, !classMissing(e));
          }
        });
    return version;
  }

  /** Names whose bytes this request changes: set or mutated (read, encoding differs). */
  private static Set<String> changedNames(StoredSession session, Map<String, byte[]> encoded) {
    Set<String> changed = new TreeSet<>();
    for (String name : session.dirty) {
      byte[] bytes = encoded.get(name);
      if (bytes != null && isChanged(session, name, bytes)) {
        changed.add(name);
      }
    }
    return changed;
  }

  /**
   * Whether a read or set attribute's encoding differs both from the stored bytes and from this
   * node's encoding of the value as it was read (stored bytes of another JVM need not re-encode
   * identically).
   */
  private static boolean isChanged(StoredSession session, String name, byte[] bytes) {
    byte[] baseline = session.baseline.get(name);
    return !Arrays.equals(bytes, session.storedValues.get(name))
        && (baseline == null || !Arrays.equals(bytes, baseline));
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

  /** The one conditional put of a new item ({@code attribute_not_exists}). */
  private void putNew(Map<String, AttributeValue> item) {
    if (!backend.putIfAbsent(item)) {
      throw new SticklessException(
          "A session item already exists under a freshly generated id; this should not happen"
              + " with 256-bit random ids: check that nothing else writes session items");
    }
  }

  private void saveNew(StoredSession session) {
    Instant now = settings.clock().instant();
    Map<String, byte[]> encoded = encodeAll(session);
    Map<String, AttributeValue> item = fullItem(keyOf(session), session, encoded, now, 1);
    checkSize(item, encoded);
    putNew(item);
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
        if (isChanged(session, name, bytes)) {
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
    // unreadable values go only with a write of attributes, never those whose class is missing
    Set<String> dropUnreadable = new TreeSet<>();
    if (!changed.isEmpty() || !removed.isEmpty()) {
      session.unreadable.forEach(
          (name, removable) -> {
            if (removable && !session.dirty.contains(name) && !removed.contains(name)) {
              dropUnreadable.add(name);
            }
          });
    }
    Set<String> removeEntries = new TreeSet<>(removed);
    removeEntries.addAll(dropUnreadable);
    String key = keyOf(session);
    Map<String, AttributeValue> replaceAttributes = null;
    if (!changed.isEmpty() || removeEntries.size() > MAX_DELTA_ENTRIES) {
      Map<String, byte[]> all = new LinkedHashMap<>(session.storedValues);
      all.keySet().removeAll(removeEntries);
      all.putAll(changed);
      checkSize(fullItem(key, session, all, now, session.version), all);
      if (changed.size() + removeEntries.size() > MAX_DELTA_ENTRIES) {
        // DynamoDB caps an expression at 4 KB: this many entries go as one whole map instead
        replaceAttributes = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
          replaceAttributes.put(e.getKey(), binary(e.getValue()));
        }
      }
    }

    boolean optimistic = changes && settings.writeMode() == SessionWriteMode.OPTIMISTIC;
    String principal = session.getPrincipal();
    // the idle this request read: another request may have changed it meanwhile
    long readIdle = idleSeconds(session.storedMaxInactiveInterval);
    for (int attempt = 1; ; attempt++) {
      Map<String, AttributeValue> fields = new LinkedHashMap<>();
      fields.put(SessionItems.ACCESSED, number(now.toEpochMilli()));
      fields.put(settings.ttlAttribute(), Expiry.ttlValue(ttlEpochSecond(now, maxInactive)));
      if (idleChanged) {
        fields.put(SessionItems.IDLE, number(idleSeconds(maxInactive)));
      }
      if (principalChanged && principal != null) {
        fields.put(SessionItems.PRINCIPAL, AttributeValue.fromS(principal));
      }
      Map<String, AttributeValue> setAttributes = new LinkedHashMap<>();
      changed.forEach((name, bytes) -> setAttributes.put(name, binary(bytes)));
      SessionBackend.Delta delta =
          new SessionBackend.Delta(
              fields,
              setAttributes,
              removeEntries,
              replaceAttributes,
              principalChanged && principal == null,
              changes,
              optimistic ? session.version : null,
              idleChanged ? null : readIdle);
      if (backend.update(key, delta, now.getEpochSecond())) {
        break;
      }
      Map<String, AttributeValue> current = backend.get(key);
      if (current == null
          || !Expiry.isLive(current, settings.ttlAttribute(), now.getEpochSecond())) {
        session.gone = true;
        droppedWrites.increment();
        log.debug("Dropped a late write: the session was invalidated or expired meanwhile");
        return;
      }
      Long currentVersion = numberOf(current, SessionItems.VERSION);
      if (optimistic && (currentVersion == null || currentVersion != session.version)) {
        conflicts.increment();
        throw new SessionConflictException(
            "Another request changed this session's attributes since this request read it"
                + " (expected version "
                + session.version
                + "); nothing was written: reload the session and apply the change again, or"
                + " use SessionWriteMode.LAST_WRITER_WINS");
      }
      Long currentIdle = numberOf(current, SessionItems.IDLE);
      if (!changes) {
        // another request changed the max inactive interval and wrote the expiry with it
        log.debug("Skipped a touch: another request changed the session's max inactive interval");
        if (currentIdle != null) {
          session.storedMaxInactiveInterval = Duration.ofSeconds(currentIdle);
          session.setMaxInactiveInterval(Duration.ofSeconds(currentIdle));
        }
        Long accessed = numberOf(current, SessionItems.ACCESSED);
        session.storedAccessedMillis = accessed != null ? accessed : now.toEpochMilli();
        session.touchedByThisRequest = true;
        return;
      }
      if (attempt >= 3 || currentIdle == null) {
        conflicts.increment();
        throw new SessionConflictException(
            "The session's max inactive interval kept changing while this request saved it;"
                + " nothing was written: reload the session and apply the change again");
      }
      // adopt the other request's max inactive interval and send again
      readIdle = currentIdle;
      maxInactive = Duration.ofSeconds(currentIdle);
      session.storedMaxInactiveInterval = maxInactive;
      session.setMaxInactiveInterval(maxInactive);
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
          removeEntries.size(),
          changes ? "" : " (touch)");
    }
    Map<String, byte[]> stored = session.storedValues;
    stored.keySet().removeAll(removeEntries);
    stored.putAll(changed);
    session.baseline.keySet().removeAll(changed.keySet());
    session.unreadable.keySet().removeAll(removeEntries);
    session.unreadable.keySet().removeAll(changed.keySet());
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
    session.baseline.clear();
    session.unreadable.keySet().retainAll(encoded.keySet());
    session.removed.clear();
    session.storedPrincipal = session.getPrincipal();
    session.storedMaxInactiveInterval = session.getMaxInactiveInterval();
    session.storedAccessedMillis = now.toEpochMilli();
    session.touchedByThisRequest = true;
    session.version = version;
  }

  /**
   * Every attribute in stored form: read or set ones re-encoded, the others as they were, and
   * unreadable ones whose class is missing as they were (a newer node may read them).
   */
  private Map<String, byte[]> encodeAll(StoredSession session) {
    Map<String, byte[]> encoded = new LinkedHashMap<>();
    session.unreadable.forEach(
        (name, removable) -> {
          byte[] stored = session.storedValues.get(name);
          if (!removable && stored != null && !session.removed.contains(name)) {
            encoded.put(name, stored);
          }
        });
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
    if (!Expiry.isLive(item, settings.ttlAttribute(), now.getEpochSecond())) {
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
      } catch (RuntimeException | LinkageError ex) {
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
            // the original bytes stay: a read-only request writes nothing because of them
            unreadable.put(name, !classMissing(ex));
            if (b != null) {
              stored.put(name, b.asByteArray());
            }
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
    // removed with the next write of attributes unless their class is missing
    session.unreadable.putAll(unreadable);
    session.encoder = this::encode;
    return session;
  }

  /** Whether a value is unreadable because its class is missing (not rejected, not corrupt). */
  private static boolean classMissing(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
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
