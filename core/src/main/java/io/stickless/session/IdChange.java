package io.stickless.session;

import static io.stickless.session.SessionItems.idleSeconds;
import static io.stickless.session.SessionItems.numberOf;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link SessionStore#changeSessionId}: put the session, with this request's changes, under a new
 * id, then delete the old item (no transaction: dynalite has none, and they cost double). The
 * delete returns the old item; when another request committed after this one read, what it wrote
 * (attributes, principal, max inactive interval) and this request did not change is merged into the
 * new item with one more conditional UpdateItem.
 */
final class IdChange {

  private final SessionSettings settings;
  private final SessionBackend backend;
  private final SessionItems items;
  private final SessionWrites writes;
  private final AttributeDecoder decoder;
  private final SessionCounters counters;

  IdChange(
      SessionSettings settings,
      SessionBackend backend,
      SessionItems items,
      SessionWrites writes,
      AttributeDecoder decoder,
      SessionCounters counters) {
    this.settings = settings;
    this.backend = backend;
    this.items = items;
    this.writes = writes;
    this.decoder = decoder;
    this.counters = counters;
  }

  /** The caller holds the session's lock. */
  String change(StoredSession session) {
    String newId = SessionIds.generate();
    if (session.persisted && !session.gone) {
      move(session, items.keyOf(session), items.keyOfId(newId));
    }
    session.changeId(newId);
    return newId;
  }

  private void move(StoredSession session, String oldKey, String newKey) {
    Instant now = settings.clock().instant();
    Map<String, byte[]> encoded = writes.encodeAll(session);
    Set<String> changedHere = SessionWrites.changedNames(session, encoded);
    long version = session.version + 1;
    Map<String, AttributeValue> item = items.fullItem(newKey, session, encoded, now, version);
    SessionWrites.checkSize(item, encoded);
    writes.putNew(item);
    boolean optimistic = settings.writeMode() == SessionWriteMode.OPTIMISTIC;
    Map<String, AttributeValue> old =
        optimistic ? backend.deleteIfVersion(oldKey, session.version) : backend.delete(oldKey);
    if (old == null && optimistic) {
      backend.delete(newKey);
      Map<String, AttributeValue> current = backend.get(oldKey);
      if (current != null && items.isLive(current, now)) {
        counters.conflicts.increment();
        throw new SessionConflictException(
            "Another request changed this session's attributes since this request read it"
                + " (expected version "
                + session.version
                + "); the id was not changed: reload the session and change its id again, or"
                + " use SessionWriteMode.LAST_WRITER_WINS");
      }
    }
    if (old == null || !items.isLive(old, now)) {
      // invalidated (or expired) meanwhile by another request: the new id must not revive it
      if (!optimistic || old != null) {
        backend.delete(newKey); // (optimistic and absent: deleted above already)
      }
      writes.dropped(
          session, "Session was invalidated during an id change; the new id stays empty");
      return;
    }
    Long oldVersion = numberOf(old, SessionItems.VERSION);
    if (oldVersion != null && oldVersion != session.version) {
      // another request committed after this one read: keep what it wrote under the new id
      version = merge(newKey, session, old, encoded, changedHere, oldVersion, now);
      if (version < 0) {
        return;
      }
    }
    SessionWrites.markWritten(session, encoded, now, version);
    if (!settings.itemSizeListeners().isEmpty()) {
      settings.itemSizeListeners().written(items.fullItem(newKey, session, encoded, now, version));
    }
  }

  /**
   * Copies into the new item what the old one holds and this request did not change: attribute
   * entries it neither changed nor removed, and the principal and max inactive interval unless it
   * set them (one conditional UpdateItem). {@code encoded} becomes the merged map and the session
   * follows. The new version, or -1 when the new item vanished meanwhile.
   */
  private long merge(
      String newKey,
      StoredSession session,
      Map<String, AttributeValue> old,
      Map<String, byte[]> encoded,
      Set<String> changedHere,
      long oldVersion,
      Instant now) {
    Map<String, AttributeValue> theirs = SessionItems.attributesOf(old);
    Map<String, AttributeValue> set = new LinkedHashMap<>();
    theirs.forEach(
        (name, value) -> {
          if (changedHere.contains(name)
              || session.removed.contains(name)
              || session.unreadable.containsKey(name)
              || value.b() == null) {
            return; // unreadable ones: kept (class missing) or left behind, as this request decided
          }
          if (!Arrays.equals(value.b().asByteArray(), encoded.get(name))) {
            set.put(name, value);
          }
        });
    Set<String> remove = new TreeSet<>();
    for (String name : encoded.keySet()) {
      if (!changedHere.contains(name) && !theirs.containsKey(name)) {
        remove.add(name); // removed by the other request
      }
    }
    boolean principalTheirs =
        Objects.equals(session.getPrincipal(), session.storedPrincipal)
            && !Objects.equals(SessionItems.principalOf(old), session.getPrincipal());
    Long oldIdle = numberOf(old, SessionItems.IDLE);
    boolean idleTheirs =
        idleSeconds(session.getMaxInactiveInterval())
                == idleSeconds(session.storedMaxInactiveInterval)
            && oldIdle != null
            && oldIdle != idleSeconds(session.getMaxInactiveInterval());
    if (set.isEmpty() && remove.isEmpty() && !principalTheirs && !idleTheirs) {
      return session.version + 1;
    }
    if (principalTheirs) {
      session.setPrincipal(SessionItems.principalOf(old));
    }
    if (idleTheirs) {
      session.setMaxInactiveInterval(Duration.ofSeconds(oldIdle));
    }
    long version = Math.max(oldVersion, session.version) + 1;
    Map<String, byte[]> merged = new LinkedHashMap<>(encoded);
    merged.keySet().removeAll(remove);
    set.forEach((name, value) -> merged.put(name, value.b().asByteArray()));
    SessionWrites.checkSize(items.fullItem(newKey, session, merged, now, version), merged);
    if (backend.update(newKey, mergeDelta(session, set, remove, version, now), now.getEpochSecond())
        == SessionBackend.NOT_APPLIED) {
      writes.dropped(
          session, "Session was invalidated right after an id change; the new id stays empty");
      return -1;
    }
    encoded.clear();
    encoded.putAll(merged);
    adoptTheirs(session, set, remove);
    return version;
  }

  /**
   * The merge: their entries, the version, and the principal, max inactive interval and TTL the
   * session now has (the new item was written with this request's).
   */
  private SessionBackend.Delta mergeDelta(
      StoredSession session,
      Map<String, AttributeValue> set,
      Set<String> remove,
      long version,
      Instant now) {
    Map<String, AttributeValue> fields = items.accessFields(now, session.getMaxInactiveInterval());
    fields.put(
        SessionItems.IDLE, SessionItems.number(idleSeconds(session.getMaxInactiveInterval())));
    fields.put(SessionItems.VERSION, SessionItems.number(version));
    String principal = session.getPrincipal();
    if (principal != null) {
      fields.put(SessionItems.PRINCIPAL, AttributeValue.fromS(principal));
    }
    return SessionBackend.Delta.of(fields)
        .withAttributes(set, remove)
        .withPrincipalRemoved(principal == null);
  }

  /** The request's view follows the merge, so a later save in it keeps what the other wrote. */
  private void adoptTheirs(
      StoredSession session, Map<String, AttributeValue> set, Set<String> remove) {
    Map<String, Object> values = session.values();
    values.keySet().removeAll(remove);
    session.dirty.removeAll(remove);
    set.forEach(
        (name, value) -> {
          session.dirty.remove(name);
          session.baseline.remove(name);
          AttributeDecoder.Decoded decoded =
              decoder.decode(name, value, UnreadableAttributePolicy.DROP_ATTRIBUTE);
          if (decoded instanceof AttributeDecoder.Readable readable) {
            values.put(name, readable.value());
            session.unreadable.remove(name);
          } else if (decoded instanceof AttributeDecoder.Unreadable unreadable) {
            values.remove(name);
            session.unreadable.put(name, unreadable.removable());
          }
        });
  }
}
