package io.stickless.session;

import io.stickless.SticklessException;
import io.stickless.internal.ItemSizes;
import io.stickless.internal.ValueEnvelope;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every write of a session shares: encoding the attributes, telling changed bytes from
 * unchanged ones, the 400 KB guard, the conditional put of a new item, and recording in the session
 * what the store now holds. New sessions are saved here; {@link DeltaSave} and {@link IdChange}
 * build on it.
 */
final class SessionWrites {

  private static final Logger log = LoggerFactory.getLogger(SessionWrites.class);

  private final SessionSettings settings;
  private final SessionBackend backend;
  private final SessionItems items;
  private final SessionCounters counters;

  SessionWrites(
      SessionSettings settings,
      SessionBackend backend,
      SessionItems items,
      SessionCounters counters) {
    this.settings = settings;
    this.backend = backend;
    this.items = items;
    this.counters = counters;
  }

  /** A never-saved session: one conditional put of the whole item. */
  void saveNew(StoredSession session) {
    Instant now = settings.clock().instant();
    Map<String, byte[]> encoded = encodeAll(session);
    Map<String, AttributeValue> item =
        items.fullItem(items.keyOf(session), session, encoded, now, 1);
    long size = checkSize(item, encoded);
    putNew(item);
    counters.sessionsCreated.increment();
    settings.itemSizeListeners().written(size);
    session.persisted = true;
    markWritten(session, encoded, now, 1);
  }

  /** The one conditional put of a new item ({@code attribute_not_exists}). */
  void putNew(Map<String, AttributeValue> item) {
    if (!backend.putIfAbsent(item)
        && !item.equals(backend.get(item.get(settings.keyAttribute()).s()))) {
      // (an item equal to ours is our own: the SDK retried a put whose first attempt landed but
      // whose answer was lost to an attempt timeout or a reset; one read, only in that case)
      throw new SticklessException(
          "A session item already exists under a freshly generated id; this should not happen"
              + " with 256-bit random ids: check that nothing else writes session items");
    }
  }

  /** The bytes a value is stored as (codec, then the compression envelope). */
  byte[] encode(String name, Object value) {
    return ValueEnvelope.wrap(
        settings.codec().encode(name, value), settings.compressionThreshold());
  }

  /**
   * Every attribute in stored form: read or set ones re-encoded, the others as they were, and
   * unreadable ones whose class is missing as they were (a newer node may read them).
   */
  Map<String, byte[]> encodeAll(StoredSession session) {
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

  /** Names whose bytes this request changes: set or mutated (read, encoding differs). */
  static Set<String> changedNames(StoredSession session, Map<String, byte[]> encoded) {
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
  static boolean isChanged(StoredSession session, String name, byte[] bytes) {
    byte[] baseline = session.baseline.get(name);
    return !Arrays.equals(bytes, session.storedValues.get(name))
        && (baseline == null || !Arrays.equals(bytes, baseline));
  }

  /**
   * The item's size, as DynamoDB counts it.
   *
   * @throws SessionTooLargeException when the item would exceed DynamoDB's 400 KB (nothing sent)
   */
  static long checkSize(Map<String, AttributeValue> item, Map<String, byte[]> encoded) {
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
    return size;
  }

  /** Records in the session that the store now holds the whole item as written. */
  static void markWritten(
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
    session.writtenAtMillis = now.toEpochMilli();
  }

  /** Records that a write found the session invalidated or expired: it stays gone. */
  void dropped(StoredSession session, String why) {
    session.gone = true;
    counters.droppedWrites.increment();
    log.debug(why);
  }
}
