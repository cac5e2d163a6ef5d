package io.stickless.session;

import io.stickless.UnreadableValueException;
import io.stickless.internal.ValueEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Decodes stored attribute values, and is the one place that decides what an unreadable one is:
 * counted, logged at WARN (name and reason, never the value), thrown under {@link
 * UnreadableAttributePolicy#FAIL}, otherwise reported as {@link Unreadable} for the caller to drop
 * the attribute or the session.
 */
final class AttributeDecoder {

  private static final Logger log = LoggerFactory.getLogger(AttributeDecoder.class);

  /** What a stored value decoded to. */
  sealed interface Decoded permits Readable, Unreadable {}

  /** A value the codec read. */
  record Readable(Object value) implements Decoded {}

  /**
   * A value the codec could not read; {@code removable} is false when its class is missing (a newer
   * node of a rolling deploy may read it, so writes keep it).
   */
  record Unreadable(boolean removable) implements Decoded {}

  private final AttributeCodec codec;
  private final SessionCounters counters;

  AttributeDecoder(AttributeCodec codec, SessionCounters counters) {
    this.codec = codec;
    this.counters = counters;
  }

  /**
   * Decodes the stored value of attribute {@code name} under {@code policy}.
   *
   * @throws UnreadableValueException when it cannot be read and the policy is {@code FAIL}
   */
  Decoded decode(String name, AttributeValue stored, UnreadableAttributePolicy policy) {
    SdkBytes b = stored.b();
    try {
      if (b == null) {
        throw new UnreadableValueException("stored value is not binary", null);
      }
      return new Readable(codec.decode(name, ValueEnvelope.unwrap(b.asByteArray())));
    } catch (RuntimeException | LinkageError e) {
      counters.unreadableAttributes.increment();
      log.warn(
          "Session attribute '{}' cannot be read ({}); policy {}", name, e.getMessage(), policy);
      if (policy == UnreadableAttributePolicy.FAIL) {
        throw e instanceof UnreadableValueException u
            ? u
            : new UnreadableValueException(
                "Session attribute '" + name + "' cannot be read: " + e.getMessage(), e);
      }
      return new Unreadable(!classMissing(e));
    }
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
}
