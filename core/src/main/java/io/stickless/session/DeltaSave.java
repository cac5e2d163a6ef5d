package io.stickless.session;

import static io.stickless.session.SessionItems.idleSeconds;
import static io.stickless.session.SessionItems.numberOf;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The save of a session the store already holds: one conditional UpdateItem carrying only what this
 * request changed (attribute entries, principal, max inactive interval), a touch when one is due,
 * or nothing. A failed condition is then explained by one read: the session is gone (the write is
 * dropped), another request committed first (a conflict in optimistic mode), or another request
 * changed the max inactive interval (adopted, and sent again).
 */
final class DeltaSave {

  private static final Logger log = LoggerFactory.getLogger(DeltaSave.class);

  /**
   * Above this many changed and removed attributes in one save, the whole attribute map is written
   * (one SET of {@code attrs}) so the update expression stays under DynamoDB's 4 KB limit. Such a
   * save overwrites attributes another request changed meanwhile; below it, concurrent changes of
   * different attributes all win.
   */
  static final int MAX_DELTA_ENTRIES = 100;

  /** Sends after another request changed the max inactive interval, at most this often. */
  private static final int MAX_ATTEMPTS = 3;

  private final SessionSettings settings;
  private final SessionBackend backend;
  private final SessionItems items;
  private final SessionWrites writes;
  private final SessionCounters counters;

  DeltaSave(
      SessionSettings settings,
      SessionBackend backend,
      SessionItems items,
      SessionWrites writes,
      SessionCounters counters) {
    this.settings = settings;
    this.backend = backend;
    this.items = items;
    this.writes = writes;
    this.counters = counters;
  }

  /**
   * What one request changed. {@code removeEntries} also holds unreadable values that go with this
   * write of attributes; {@code allAttributes}, when not null, is the whole map to write instead of
   * entries; {@code itemSize} is the size the item will have (0 when nothing changes).
   */
  private record Changes(
      Map<String, byte[]> changed,
      Set<String> removeEntries,
      boolean principalChanged,
      boolean idleChanged,
      @Nullable Map<String, AttributeValue> allAttributes,
      long itemSize) {

    static boolean any(
        Map<String, byte[]> changed,
        Set<String> removeEntries,
        boolean principalChanged,
        boolean idleChanged) {
      return !changed.isEmpty() || !removeEntries.isEmpty() || principalChanged || idleChanged;
    }

    boolean any() {
      return any(changed, removeEntries, principalChanged, idleChanged);
    }
  }

  /** The caller holds the session's lock; the session is persisted and not gone. */
  void save(StoredSession session) {
    Instant now = settings.clock().instant();
    String key = items.keyOf(session);
    Changes changes = changesOf(session, key, now);
    boolean touchDue =
        (settings.strictTouch() && !session.touchedByThisRequest)
            || now.toEpochMilli() - session.storedAccessedMillis
                >= settings.touchIntervalFor(session.getMaxInactiveInterval()).toMillis();
    if (!changes.any() && !touchDue) {
      return;
    }
    Sent sent = send(session, key, changes, now);
    if (sent != null) {
      recordSaved(session, changes, sent, now);
    }
  }

  private Changes changesOf(StoredSession session, String key, Instant now) {
    Map<String, byte[]> changed = new LinkedHashMap<>();
    Map<String, Object> values = session.values();
    for (String name : new TreeSet<>(session.dirty)) {
      Object value = values.get(name);
      if (value != null) {
        byte[] bytes = writes.encode(name, value);
        if (SessionWrites.isChanged(session, name, bytes)) {
          changed.put(name, bytes);
        }
      }
    }
    Set<String> removed = new TreeSet<>(session.removed);
    removed.retainAll(session.storedValues.keySet());
    Set<String> removeEntries = new TreeSet<>(removed);
    if (!changed.isEmpty() || !removed.isEmpty()) {
      // unreadable values go only with a write of attributes, never those whose class is missing
      session.unreadable.forEach(
          (name, removable) -> {
            if (removable && !session.dirty.contains(name) && !removed.contains(name)) {
              removeEntries.add(name);
            }
          });
    }
    boolean principalChanged = !Objects.equals(session.getPrincipal(), session.storedPrincipal);
    boolean idleChanged =
        idleSeconds(session.getMaxInactiveInterval())
            != idleSeconds(session.storedMaxInactiveInterval);
    if (!Changes.any(changed, removeEntries, principalChanged, idleChanged)) {
      return new Changes(changed, removeEntries, false, false, null, 0);
    }
    // the item as it will be (version bumped), checked against the 400 KB limit before sending
    Map<String, byte[]> all = new LinkedHashMap<>(session.storedValues);
    all.keySet().removeAll(removeEntries);
    all.putAll(changed);
    long itemSize =
        SessionWrites.checkSize(items.fullItem(key, session, all, now, session.version + 1), all);
    // DynamoDB caps an expression at 4 KB: this many entries go as one whole map instead
    Map<String, AttributeValue> allAttributes =
        changed.size() + removeEntries.size() > MAX_DELTA_ENTRIES
            ? SessionItems.binaries(all)
            : null;
    return new Changes(
        changed, removeEntries, principalChanged, idleChanged, allAttributes, itemSize);
  }

  /**
   * What an applied update wrote: the max inactive interval, and the version the backend reported
   * ({@link SessionBackend#VERSION_UNCHANGED} when none).
   */
  private record Sent(Duration maxInactive, long version) {}

  /**
   * Sends the update, and explains a failed condition with one read. Returns what was written, or
   * null when nothing more is to be recorded (write dropped, touch skipped).
   */
  private @Nullable Sent send(StoredSession session, String key, Changes changes, Instant now) {
    boolean optimistic = changes.any() && settings.writeMode() == SessionWriteMode.OPTIMISTIC;
    Duration maxInactive = session.getMaxInactiveInterval();
    // the idle this request read: another request may have changed it meanwhile
    long readIdle = idleSeconds(session.storedMaxInactiveInterval);
    for (int attempt = 1; ; attempt++) {
      long version =
          backend.update(
              key,
              delta(session, changes, maxInactive, readIdle, optimistic, now),
              now.getEpochSecond());
      if (version != SessionBackend.NOT_APPLIED) {
        return new Sent(maxInactive, version);
      }
      Map<String, AttributeValue> current = backend.get(key);
      if (current == null || !items.isLive(current, now)) {
        writes.dropped(
            session, "Dropped a late write: the session was invalidated or expired meanwhile");
        return null;
      }
      Long currentVersion = numberOf(current, SessionItems.VERSION);
      if (optimistic && (currentVersion == null || currentVersion != session.version)) {
        counters.conflicts.increment();
        throw new SessionConflictException(
            "Another request changed this session's attributes since this request read it"
                + " (expected version "
                + session.version
                + "); nothing was written: reload the session and apply the change again, or"
                + " use SessionWriteMode.LAST_WRITER_WINS");
      }
      Long currentIdle = numberOf(current, SessionItems.IDLE);
      if (!changes.any()) {
        // another request changed the max inactive interval and wrote the expiry with it
        log.debug("Skipped a touch: another request changed the session's max inactive interval");
        if (currentIdle != null) {
          adoptMaxInactive(session, Duration.ofSeconds(currentIdle));
        }
        Long accessed = numberOf(current, SessionItems.ACCESSED);
        session.storedAccessedMillis = accessed != null ? accessed : now.toEpochMilli();
        session.touchedByThisRequest = true;
        return null;
      }
      if (attempt >= MAX_ATTEMPTS || currentIdle == null) {
        counters.conflicts.increment();
        throw new SessionConflictException(
            "The session's max inactive interval kept changing while this request saved it;"
                + " nothing was written: reload the session and apply the change again");
      }
      // adopt the other request's max inactive interval and send again
      readIdle = currentIdle;
      maxInactive = Duration.ofSeconds(currentIdle);
      adoptMaxInactive(session, maxInactive);
    }
  }

  private SessionBackend.Delta delta(
      StoredSession session,
      Changes changes,
      Duration maxInactive,
      long readIdle,
      boolean optimistic,
      Instant now) {
    Map<String, AttributeValue> fields = items.accessFields(now, maxInactive);
    if (changes.idleChanged()) {
      fields.put(SessionItems.IDLE, SessionItems.number(idleSeconds(maxInactive)));
    }
    String principal = session.getPrincipal();
    if (changes.principalChanged() && principal != null) {
      fields.put(SessionItems.PRINCIPAL, AttributeValue.fromS(principal));
    }
    return SessionBackend.Delta.of(fields)
        .withAttributes(SessionItems.binaries(changes.changed()), changes.removeEntries())
        .withAllAttributes(changes.allAttributes())
        .withPrincipalRemoved(changes.principalChanged() && principal == null)
        .withVersionBumped(changes.any())
        .ifVersion(optimistic ? session.version : null)
        .ifIdle(changes.idleChanged() ? null : readIdle);
  }

  private static void adoptMaxInactive(StoredSession session, Duration maxInactive) {
    session.storedMaxInactiveInterval = maxInactive;
    session.setMaxInactiveInterval(maxInactive);
  }

  private void recordSaved(StoredSession session, Changes changes, Sent sent, Instant now) {
    Duration maxInactive = sent.maxInactive();
    if (changes.any()) {
      counters.attributeWrites.increment();
      settings.itemSizeListeners().written(changes.itemSize());
    } else {
      counters.touches.increment();
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "Session saved: {} attributes set, {} removed{}",
          changes.changed().size(),
          changes.removeEntries().size(),
          changes.any() ? "" : " (touch)");
    }
    Map<String, byte[]> stored = session.storedValues;
    stored.keySet().removeAll(changes.removeEntries());
    stored.putAll(changes.changed());
    session.baseline.keySet().removeAll(changes.changed().keySet());
    session.unreadable.keySet().removeAll(changes.removeEntries());
    session.unreadable.keySet().removeAll(changes.changed().keySet());
    session.removed.clear();
    session.storedPrincipal = session.getPrincipal();
    session.storedMaxInactiveInterval = maxInactive;
    session.storedAccessedMillis = now.toEpochMilli();
    session.touchedByThisRequest = true;
    session.writtenAtMillis = now.toEpochMilli();
    if (changes.any()) {
      // the backend's count is exact when other requests wrote too: a read hint relies on it
      session.version = sent.version() > session.version ? sent.version() : session.version + 1;
    }
  }
}
