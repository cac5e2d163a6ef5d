package io.stickless.session;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * One request's view of a session: made by {@link SessionStore#createSession()} or {@link
 * SessionStore#findById(String)}, changed by the request, written back by {@link
 * SessionStore#save(StoredSession)}. It remembers what the request did, so a save sends only that:
 * attributes set or removed, and attributes read (they are re-encoded at save and written only if
 * their bytes changed, so in-place mutation of a value is saved and an unchanged read costs
 * nothing).
 *
 * <pre>{@code
 * StoredSession session = store.findById(idFromCookie);
 * if (session == null) {
 *   session = store.createSession();
 * }
 * Cart cart = (Cart) session.getAttribute("cart");   // read: re-encoded at save
 * cart.add(item);                                   // in-place mutation: saved
 * session.setAttribute("lastItem", item.id());      // set: saved
 * store.save(session);                              // one UpdateItem with both deltas
 * }</pre>
 *
 * <p>Thread-safe (methods are synchronized) so the threads of one request may share it; it is meant
 * to live for one request. Instances are created only by stores.
 */
public final class StoredSession {

  private String id;
  private final Instant creationTime;
  private final Instant lastAccessedTime;
  private final boolean isNew;
  private Duration maxInactiveInterval;
  private @Nullable String principal;

  /** Decoded values, as the request sees them. */
  private final Map<String, Object> values;

  // What the store last knew of the item; guarded by this.
  final Map<String, byte[]> storedValues;
  @Nullable String storedPrincipal;
  Duration storedMaxInactiveInterval;
  long storedAccessedMillis;
  long version;
  boolean persisted;
  boolean touchedByThisRequest;
  boolean gone;

  /** Whether the store hands out {@link ReadHint}s ({@link ConsistentReads#HINTED}). */
  boolean issuesHints;

  /** When a save of this object last wrote the item (epoch millis), or -1. */
  long writtenAtMillis = -1;

  /** Names set or read by this request: re-encoded at save. */
  final Set<String> dirty = new HashSet<>();

  /** Names removed by this request. */
  final Set<String> removed = new HashSet<>();

  /**
   * Attributes whose stored value could not be decoded (their original bytes stay in {@link
   * #storedValues}), mapped to whether a write may remove them: false when their class is missing
   * (a newer node of a rolling deploy may read them).
   */
  final Map<String, Boolean> unreadable = new HashMap<>();

  /**
   * This node's encoding of each read attribute as it was decoded: at save, a read attribute is
   * written only if its encoding differs from this (stored bytes of another JVM need not be
   * reproducible).
   */
  final Map<String, byte[]> baseline = new HashMap<>();

  /** Encodes a value as the store would write it; null for sessions not read from a store. */
  @Nullable BiFunction<String, Object, byte[]> encoder;

  StoredSession(
      String id,
      Instant creationTime,
      Instant lastAccessedTime,
      boolean isNew,
      Duration maxInactiveInterval,
      Map<String, Object> values,
      Map<String, byte[]> storedValues,
      @Nullable String principal,
      long version,
      boolean persisted) {
    this.id = id;
    this.creationTime = creationTime;
    this.lastAccessedTime = lastAccessedTime;
    this.isNew = isNew;
    this.maxInactiveInterval = maxInactiveInterval;
    this.storedMaxInactiveInterval = maxInactiveInterval;
    this.values = new LinkedHashMap<>(values);
    this.storedValues = new HashMap<>(storedValues);
    this.principal = principal;
    this.storedPrincipal = principal;
    this.storedAccessedMillis = lastAccessedTime.toEpochMilli();
    this.version = version;
    this.persisted = persisted;
  }

  /**
   * The session id (see {@link SessionIds}). Sessions returned by {@link
   * SessionStore#findByPrincipal(String)} cannot know their id, because stores keep only its hash:
   * their id is a store reference {@code ref:<hash>} that {@link SessionStore#save}, {@link
   * SessionStore#deleteById} and {@link SessionStore#changeSessionId} accept and {@link
   * SessionStore#findById} does not.
   */
  public synchronized String getId() {
    return id;
  }

  /** When the session was created. */
  public Instant getCreationTime() {
    return creationTime;
  }

  /**
   * The previous access before this request as the store recorded it (for a new session: its
   * creation time). Stores record accesses only when a touch is due, so this may lag the real
   * previous access by up to the store's touch interval.
   */
  public Instant getLastAccessedTime() {
    return lastAccessedTime;
  }

  /** Whether the session was created by this request (the client does not know its id yet). */
  public boolean isNew() {
    return isNew;
  }

  /**
   * How long the session lives without an access. Zero or negative: it never expires by inactivity
   * (Servlet semantics; stores still give its item a far TTL so abandoned items leave the table).
   */
  public synchronized Duration getMaxInactiveInterval() {
    return maxInactiveInterval;
  }

  /**
   * Sets how long the session lives without an access; zero or negative means it never expires by
   * inactivity. Saved with the next save.
   *
   * @throws NullPointerException when {@code interval} is null
   */
  public synchronized void setMaxInactiveInterval(Duration interval) {
    this.maxInactiveInterval = requireNonNull(interval, "interval");
  }

  /**
   * The value of the attribute, or {@code null} when there is none. The value is re-encoded at save
   * and written if its bytes changed, so mutating it in place is saved.
   */
  public synchronized @Nullable Object getAttribute(String name) {
    requireNonNull(name, "name");
    Object value = values.get(name);
    if (value != null) {
      if (encoder != null
          && !dirty.contains(name)
          && storedValues.containsKey(name)
          && !baseline.containsKey(name)) {
        try {
          baseline.put(name, encoder.apply(name, value));
        } catch (RuntimeException e) {
          // compared with the stored bytes at save instead
        }
      }
      dirty.add(name);
    }
    return value;
  }

  /** The names of the attributes, as an unmodifiable snapshot. */
  public synchronized Set<String> getAttributeNames() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet()));
  }

  /**
   * Sets the attribute; a {@code null} value removes it. Values are encoded at save, so a value the
   * store's codec cannot encode fails the save ({@link IllegalArgumentException} naming the class).
   *
   * @throws NullPointerException when {@code name} is null
   * @throws IllegalArgumentException when {@code name} is empty (DynamoDB cannot address an empty
   *     map key in an update) or longer than 1,024 bytes in UTF-8 (a conservative limit inside
   *     DynamoDB's and the SDK's limits on a name, which a session attribute's name becomes)
   */
  public synchronized void setAttribute(String name, @Nullable Object value) {
    requireNonNull(name, "name");
    if (value != null) {
      checkAttributeName(name);
    }
    if (value == null) {
      removeAttribute(name);
      return;
    }
    values.put(name, value);
    dirty.add(name);
    baseline.remove(name);
    removed.remove(name);
  }

  /**
   * The longest attribute name, in bytes of UTF-8. Well inside DynamoDB's limit for an attribute
   * name (less than 64 KB), which each name becomes as a key of the item's map, and the SDK's JSON
   * parser's limit on a name (it could not read back an item with a 65,536-character name); the
   * name is also stored, and paid for, in every session that has the attribute.
   */
  static final int MAX_ATTRIBUTE_NAME_BYTES = 1024;

  /**
   * Checks that {@code name} can name a session attribute, as {@link #setAttribute(String, Object)}
   * does before it stores anything. For wrappers (such as the servlet session) that must refuse a
   * name <em>before</em> they notify anyone of the value.
   *
   * @throws NullPointerException when {@code name} is null
   * @throws IllegalArgumentException when {@code name} is empty or longer than 1,024 bytes in UTF-8
   *     (the message gives the length, never the name)
   */
  public static void checkAttributeName(String name) {
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException(
          "Session attribute name is empty: give the attribute a name");
    }
    // a char is at most 3 bytes of UTF-8: only names that could be too long are encoded
    if (name.length() * 3L > MAX_ATTRIBUTE_NAME_BYTES) {
      int bytes = name.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_ATTRIBUTE_NAME_BYTES) {
        throw new IllegalArgumentException(
            "Session attribute name is "
                + bytes
                + " bytes in UTF-8, over the limit of "
                + MAX_ATTRIBUTE_NAME_BYTES
                + " for a session attribute name: use a short name (the name is stored in every"
                + " session that has the attribute)");
      }
    }
  }

  /** Removes the attribute, if there is one. */
  public synchronized void removeAttribute(String name) {
    requireNonNull(name, "name");
    values.remove(name);
    dirty.remove(name);
    baseline.remove(name);
    removed.add(name);
  }

  /** The principal (user name) this session belongs to, or {@code null}. */
  public synchronized @Nullable String getPrincipal() {
    return principal;
  }

  /**
   * Sets the principal, for {@link SessionStore#findByPrincipal(String)}; {@code null} clears it.
   *
   * @throws IllegalArgumentException when {@code principal} is empty (DynamoDB cannot index an
   *     empty string): pass {@code null} to clear it
   */
  public synchronized void setPrincipal(@Nullable String principal) {
    if (principal != null && principal.isEmpty()) {
      throw new IllegalArgumentException(
          "Principal is empty: pass the user name, or null to clear the principal");
    }
    this.principal = principal;
  }

  /**
   * The version of the session's item as this object last knew it: from the read, or from this
   * request's last write. Every write that changes attributes, the principal or the max inactive
   * interval adds at least one; a touch does not. Informational (the store compares versions for
   * {@link ConsistentReads#HINTED} reads and in {@link SessionWriteMode#OPTIMISTIC} mode); 0 for a
   * session never saved.
   */
  public synchronized long getVersion() {
    return version;
  }

  /**
   * The hint the client should send with its next request, when a save of this object wrote the
   * session (created it, changed it, touched it or changed its id) and the store reads {@link
   * ConsistentReads#HINTED}; {@code null} otherwise (nothing written, the session invalidated, or a
   * store that reads strongly). The servlet filter sends it in the session cookie or a header.
   */
  public synchronized @Nullable ReadHint readHint() {
    return issuesHints && writtenAtMillis >= 0 && !gone
        ? new ReadHint(version, writtenAtMillis)
        : null;
  }

  @Override
  public synchronized String toString() {
    // never the id or values: toString ends up in logs
    return "StoredSession{attributes=" + values.keySet() + ", new=" + isNew + "}";
  }

  // ---- for stores (same package) ----

  synchronized void changeId(String newId) {
    this.id = newId;
  }

  Map<String, Object> values() {
    return values;
  }
}
