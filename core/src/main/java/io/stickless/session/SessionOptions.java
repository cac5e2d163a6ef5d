package io.stickless.session;

import static java.util.Objects.requireNonNull;

import io.stickless.internal.ValueEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The options both store builders share, validated as they are set and again at build. */
final class SessionOptions {

  static final Duration DEFAULT_MAX_INACTIVE = Duration.ofMinutes(30);

  Clock clock = Clock.systemUTC();
  Duration defaultMaxInactiveInterval = DEFAULT_MAX_INACTIVE;
  @Nullable Duration touchInterval;
  boolean strictTouch;
  SessionWriteMode writeMode = SessionWriteMode.LAST_WRITER_WINS;
  @Nullable AttributeCodec codec;
  final List<String> allowedClasses = new ArrayList<>();
  UnreadableAttributePolicy unreadableAttributePolicy = UnreadableAttributePolicy.DROP_ATTRIBUTE;
  int compressionThreshold = ValueEnvelope.DEFAULT_COMPRESSION_THRESHOLD;
  String keyAttribute = "key";
  String ttlAttribute = "ttl";
  String keyPrefix = "session:";

  void clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
  }

  void defaultMaxInactiveInterval(Duration interval) {
    requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "defaultMaxInactiveInterval must be at least 1 second, was "
              + interval
              + " (sessions that never expire are set per session with"
              + " StoredSession.setMaxInactiveInterval(Duration.ZERO))");
    }
    this.defaultMaxInactiveInterval = interval;
  }

  void touchInterval(Duration interval) {
    requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException(
          "touchInterval must not be negative, was "
              + interval
              + "; use Duration.ZERO or strictTouch(true) to touch on every request");
    }
    this.touchInterval = interval;
  }

  void codec(AttributeCodec codec) {
    this.codec = requireNonNull(codec, "codec");
  }

  void allowedClasses(String... entries) {
    requireNonNull(entries, "entries");
    for (String e : entries) {
      requireNonNull(e, "allowed class entry");
    }
    // validates the entries now, with the allow-list's message
    AttributeCodec.javaSerialization(Arrays.asList(entries));
    allowedClasses.addAll(Arrays.asList(entries));
  }

  void compressionThreshold(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException(
          "compressionThreshold must be 0 or more bytes, was "
              + bytes
              + " (use Integer.MAX_VALUE to never compress)");
    }
    this.compressionThreshold = bytes;
  }

  static String attributeName(String what, String name) {
    requireNonNull(name, what);
    if (name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, was '" + name + "'");
    }
    return name;
  }

  SessionSettings build() {
    if (codec != null && !allowedClasses.isEmpty()) {
      throw new IllegalStateException(
          "Both codec(...) and allowedClasses"
              + allowedClasses
              + " were set; allowedClasses configures the default Java-serialization codec only:"
              + " pass the allow-list to your codec (e.g. AttributeCodec.json(allowList)) instead");
    }
    if (touchInterval != null && touchInterval.compareTo(defaultMaxInactiveInterval) > 0) {
      throw new IllegalStateException(
          "touchInterval "
              + touchInterval
              + " is longer than defaultMaxInactiveInterval "
              + defaultMaxInactiveInterval
              + ": sessions would stay in the table far beyond their expiry; use at most a quarter"
              + " of it (the default)");
    }
    if (keyAttribute.equals(ttlAttribute)) {
      throw new IllegalStateException(
          "keyAttribute and ttlAttribute are both '" + keyAttribute + "'; they must differ");
    }
    AttributeCodec c = codec != null ? codec : AttributeCodec.javaSerialization(allowedClasses);
    return new SessionSettings(
        clock,
        defaultMaxInactiveInterval,
        touchInterval,
        strictTouch,
        writeMode,
        c,
        unreadableAttributePolicy,
        compressionThreshold,
        keyAttribute,
        ttlAttribute,
        keyPrefix);
  }
}
