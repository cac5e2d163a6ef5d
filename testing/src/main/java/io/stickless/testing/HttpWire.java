package io.stickless.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads HTTP/1.1 requests and writes responses on a raw socket: just what the SDK sends. */
final class HttpWire {

  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;
  private static final int MAX_BODY = 32 * 1024 * 1024;

  /** A request: method, target, headers by lower-case name, body. */
  record Request(String method, String target, Map<String, String> headers, byte[] body) {
    boolean keepAlive() {
      return !"close".equalsIgnoreCase(headers.get("connection"));
    }
  }

  private HttpWire() {}

  /** The next request, or null when the client closed the connection between requests. */
  static Request readRequest(InputStream in, OutputStream out) throws IOException {
    String requestLine = readLine(in, true);
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new IOException("Not an HTTP/1.x request line: " + requestLine);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; ; i++) {
      if (i > MAX_HEADERS) {
        throw new IOException("More than " + MAX_HEADERS + " request headers");
      }
      String line = readLine(in, false);
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("Malformed header line: " + line);
      }
      headers.merge(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim(),
          (a, b) -> a + "," + b);
    }
    if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunked(in);
    } else {
      String length = headers.get("content-length");
      body = length == null ? new byte[0] : readExactly(in, parseLength(length));
    }
    return new Request(parts[0], parts[1], headers, body);
  }

  static void writeResponse(OutputStream out, FaultAnswer answer, boolean keepAlive)
      throws IOException {
    StringBuilder head = new StringBuilder(256);
    head.append("HTTP/1.1 ").append(answer.status()).append(' ').append(reason(answer.status()));
    head.append("\r\n");
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("content-length")
          || name.equals("connection")
          || name.equals("transfer-encoding")
          || name.equals("keep-alive")) {
        continue;
      }
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    byte[] body = answer.rawBody();
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  private static int parseLength(String value) throws IOException {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0 || n > MAX_BODY) {
        throw new IOException("Content-Length out of range: " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IOException("Bad Content-Length: " + value, e);
    }
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in, false);
      int semicolon = sizeLine.indexOf(';');
      String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
      int size;
      try {
        size = Integer.parseInt(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("Bad chunk size: " + sizeLine, e);
      }
      if (size < 0 || body.size() + size > MAX_BODY) {
        throw new IOException("Chunked body too large");
      }
      if (size == 0) {
        while (!readLine(in, false).isEmpty()) {
          // trailers: ignored
        }
        return body.toByteArray();
      }
      body.write(readExactly(in, size));
      readLine(in, false);
    }
  }

  private static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new EOFException("Body ended after " + bytes.length + " of " + n + " bytes");
    }
    return bytes;
  }

  /** A line without its CRLF; null at a clean end of stream when {@code eofAllowed}. */
  private static String readLine(InputStream in, boolean eofAllowed) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("HTTP line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
    if (eofAllowed && line.size() == 0) {
      return null;
    }
    throw new EOFException("Connection closed in the middle of a request");
  }
}
