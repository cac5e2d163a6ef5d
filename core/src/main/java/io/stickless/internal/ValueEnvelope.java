package io.stickless.internal;

import io.stickless.UnreadableValueException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The stored form of every encoded value (cache values and session attributes alike): one header
 * byte then the payload. Payloads at or above a threshold are deflated when that makes them
 * smaller; the header says which, so the threshold can change between deployments without breaking
 * old items. Internal: not part of the Stickless API.
 *
 * <pre>
 * 0x00 payload      the codec's bytes, as they are
 * 0x01 payload      the codec's bytes, deflated (RFC 1951 with zlib wrapper)
 * </pre>
 */
public final class ValueEnvelope {

  /** Default: compress payloads of 1 KiB and more (DynamoDB bills writes per 1 KB). */
  public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;

  /** Guard against a corrupt or hostile item inflating to something huge. */
  static final int MAX_INFLATED_BYTES = 16 * 1024 * 1024;

  private static final byte RAW = 0;
  private static final byte DEFLATED = 1;

  private ValueEnvelope() {}

  /** Wraps a codec's bytes, deflated when at least {@code threshold} bytes long and it pays. */
  public static byte[] wrap(byte[] encoded, int threshold) {
    if (encoded.length >= threshold) {
      byte[] deflated = deflate(encoded);
      if (deflated.length + 1 < encoded.length) {
        return prefixed(DEFLATED, deflated);
      }
    }
    return prefixed(RAW, encoded);
  }

  /**
   * The codec's bytes back.
   *
   * @throws UnreadableValueException when the header is unknown or the payload corrupt
   */
  public static byte[] unwrap(byte[] stored) {
    if (stored.length == 0) {
      throw new UnreadableValueException("Stored value is empty (no header byte)", null);
    }
    return switch (stored[0]) {
      case RAW -> Arrays.copyOfRange(stored, 1, stored.length);
      case DEFLATED -> inflate(stored, 1, stored.length - 1);
      default ->
          throw new UnreadableValueException(
              "Stored value has unknown header byte "
                  + stored[0]
                  + " (written by a newer Stickless?)",
              null);
    };
  }

  private static byte[] prefixed(byte header, byte[] payload) {
    byte[] out = new byte[payload.length + 1];
    out[0] = header;
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] inflate(byte[] data, int offset, int length) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(data, offset, length);
      ByteArrayOutputStream out = new ByteArrayOutputStream(length * 3 + 16);
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new UnreadableValueException("Stored value is truncated (deflate stream)", null);
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_INFLATED_BYTES) {
          throw new UnreadableValueException(
              "Stored value inflates beyond " + MAX_INFLATED_BYTES + " bytes; refused", null);
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new UnreadableValueException("Stored value is corrupt (deflate stream)", e);
    } finally {
      inflater.end();
    }
  }
}
