package io.stickless.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@link DynamoDbFaultProxy} does with one attempt: send an HTTP response (DynamoDB's, or one
 * a {@link FaultRule} made up), reset the connection, close it, or stall (keep it open and never
 * answer). Immutable.
 */
public final class FaultAnswer {

  /** What happens on the wire. */
  public enum Kind {
    /** An HTTP response is written. */
    RESPONSE,
    /** The TCP connection is reset (RST): the client sees "connection reset". */
    RESET,
    /** The connection is closed without an answer: the client sees "no response". */
    CLOSE,
    /**
     * Nothing is written and the connection stays open until the client gives up, the stall is
     * lifted ({@link DynamoDbFaultProxy#clear()}) or the proxy closes.
     */
    STALL
  }

  static final String CONTENT_TYPE = "application/x-amz-json-1.0";

  private static final FaultAnswer RESET_ANSWER = new FaultAnswer(Kind.RESET, 0, Map.of(), null);
  private static final FaultAnswer CLOSE_ANSWER = new FaultAnswer(Kind.CLOSE, 0, Map.of(), null);
  private static final FaultAnswer STALL_ANSWER = new FaultAnswer(Kind.STALL, 0, Map.of(), null);

  private final Kind kind;
  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;
  private final boolean fromUpstream;

  private FaultAnswer(Kind kind, int status, Map<String, String> headers, byte[] body) {
    this(kind, status, headers, body, false);
  }

  private FaultAnswer(
      Kind kind, int status, Map<String, String> headers, byte[] body, boolean fromUpstream) {
    this.kind = kind;
    this.status = status;
    this.headers = headers;
    this.body = body == null ? new byte[0] : body;
    this.fromUpstream = fromUpstream;
  }

  /**
   * An HTTP response. Header names are kept as given; {@code Content-Length} and {@code Connection}
   * are set by the proxy.
   */
  public static FaultAnswer response(int status, Map<String, String> headers, byte[] body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 100..599, was " + status);
    }
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    return new FaultAnswer(Kind.RESPONSE, status, Map.copyOf(headers), body.clone());
  }

  /** A response with DynamoDB's content type and a JSON body. */
  public static FaultAnswer json(int status, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", CONTENT_TYPE);
    headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
    return response(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * DynamoDB's error answer: the status and {@code {"__type":type,"message":message}}, e.g. {@code
   * error(500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error")}.
   */
  public static FaultAnswer error(int status, String type, String message) {
    return json(
        status, "{\"__type\":\"" + escape(type) + "\",\"message\":\"" + escape(message) + "\"}");
  }

  /** Reset the TCP connection (RST) instead of answering. */
  public static FaultAnswer resetConnection() {
    return RESET_ANSWER;
  }

  /** Close the TCP connection (FIN) instead of answering. */
  public static FaultAnswer closeConnection() {
    return CLOSE_ANSWER;
  }

  /** Never answer; keep the connection open. */
  public static FaultAnswer stall() {
    return STALL_ANSWER;
  }

  /** The server behind the proxy could not be reached: the client's connection is reset. */
  static FaultAnswer upstreamGone() {
    return new FaultAnswer(Kind.RESET, 0, Map.of(), null, true);
  }

  static FaultAnswer upstream(int status, Map<String, String> headers, byte[] body) {
    return new FaultAnswer(Kind.RESPONSE, status, Map.copyOf(headers), body, true);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when no response is written. */
  public int status() {
    return status;
  }

  /** The response headers (empty when no response is written). */
  public Map<String, String> headers() {
    return headers;
  }

  /** A header's value, by case-insensitive name, or null. */
  public String header(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The response body (empty when no response is written). */
  public byte[] body() {
    return body.clone();
  }

  /** The response body as UTF-8 text. */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Whether this is DynamoDB's own answer, forwarded unchanged. */
  public boolean fromUpstream() {
    return fromUpstream;
  }

  /**
   * This response with another body. DynamoDB's body checksum header ({@code x-amz-crc32}) is
   * dropped, since it would no longer match.
   */
  public FaultAnswer withBody(String newBody) {
    if (kind != Kind.RESPONSE) {
      throw new IllegalStateException("A " + kind + " answer has no body to replace");
    }
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.keySet().removeIf(k -> k.equalsIgnoreCase("x-amz-crc32"));
    return response(status, h, newBody.getBytes(StandardCharsets.UTF_8));
  }

  byte[] rawBody() {
    return body;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public String toString() {
    return kind == Kind.RESPONSE ? "FaultAnswer[" + status + "]" : "FaultAnswer[" + kind + "]";
  }
}
