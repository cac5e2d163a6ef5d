package io.stickless.session;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a client knows of its session's last write, so that a store in {@link
 * ConsistentReads#HINTED} mode can read it eventually consistently without missing that write: the
 * item's version after the write and when the write was made. The servlet filter sends it to the
 * client with every response whose request wrote the session (in the session cookie, or a header
 * for the header transport) and hands the one the client returns to {@link
 * SessionStore#findById(String, ReadHint)}.
 *
 * <pre>{@code
 * ReadHint hint = ReadHint.parse(textFromClient);          // null when malformed
 * StoredSession session = store.findById(id, hint);
 * ...
 * store.save(session);
 * ReadHint next = session.readHint();                      // null when nothing was written
 * if (next != null) {
 *   sendToClient(next.toString());                         // e.g. "6.lx2k9q1c"
 * }
 * }</pre>
 *
 * <p>A hint is only a hint: the client can change it. It never selects, creates or revives a
 * session (the id alone does) and a forged one costs at most one extra read. A hint also means
 * "read strongly until {@link #writtenAt()} plus {@link #STRONG_READ_WINDOW}": the cookie jar may
 * end up with an older write's hint than a newer write whose response the client already saw (two
 * concurrent writes whose responses arrive out of order), and the window covers that case as long
 * as the late response arrives within it. Immutable.
 */
public final class ReadHint {

  /**
   * How long after a write a hinted read is strongly consistent whatever the versions say: 2
   * seconds, above DynamoDB's usual eventual-consistency delay (under a second) with room for the
   * clock difference of two nodes.
   */
  public static final Duration STRONG_READ_WINDOW = Duration.ofSeconds(2);

  /** The longest text {@link #parse(String)} reads: two base-36 longs and a dot. */
  static final int MAX_TEXT_LENGTH = 2 * 14 + 1;

  private final long version;
  private final long writtenAtMillis;

  ReadHint(long version, long writtenAtMillis) {
    this.version = version;
    this.writtenAtMillis = writtenAtMillis;
  }

  /**
   * The hint written as text, or {@code null} when {@code text} is not one (too long, not two
   * base-36 numbers separated by a dot). Never throws: a client's garbage is simply no hint.
   */
  public static @Nullable ReadHint parse(@Nullable String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
      return null;
    }
    int dot = text.indexOf('.');
    if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '.' && c != '-' && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z')) {
        return null;
      }
    }
    try {
      return new ReadHint(
          Long.parseLong(text, 0, dot, 36), Long.parseLong(text, dot + 1, text.length(), 36));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The session item's version after the write (the version can only grow). */
  public long version() {
    return version;
  }

  /** When the write was made, by the clock of the node that made it. */
  public Instant writtenAt() {
    return Instant.ofEpochMilli(writtenAtMillis);
  }

  long writtenAtMillis() {
    return writtenAtMillis;
  }

  /** Whether a read at {@code nowMillis} falls in the strong-read window after the write. */
  boolean isRecent(long nowMillis) {
    // no subtraction of the client's number: a forged extreme value cannot overflow
    return writtenAtMillis > nowMillis - STRONG_READ_WINDOW.toMillis();
  }

  /**
   * The text form {@link #parse(String)} reads: version and write time (epoch milliseconds) in base
   * 36, separated by a dot, e.g. {@code 6.lx2k9q1c}. Characters safe in a cookie value and a
   * header.
   */
  @Override
  public String toString() {
    return Long.toString(version, 36) + "." + Long.toString(writtenAtMillis, 36);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ReadHint h && h.version == version && h.writtenAtMillis == writtenAtMillis;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + Long.hashCode(writtenAtMillis);
  }
}
