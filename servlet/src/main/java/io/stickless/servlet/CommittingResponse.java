package io.stickless.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Runs a callback just before the response can commit, so the session write and its {@code
 * Set-Cookie} header leave before the client sees the response and sends its next request (perhaps
 * to another node). Covers redirects, errors, explicit flushes and closes, the declared content
 * length being reached, and a write that would overflow the container's buffer (which commits on
 * its own). The callback runs at most once per response.
 */
final class CommittingResponse extends HttpServletResponseWrapper {

  /** What to do before the response commits. */
  interface BeforeCommit {
    void run();
  }

  private final BeforeCommit beforeCommit;
  private boolean done;
  private long contentLength = -1;
  private long written;
  private int bytesPerChar = 1;
  private @Nullable ServletOutputStream stream;
  private @Nullable PrintWriter writer;

  CommittingResponse(HttpServletResponse response, BeforeCommit beforeCommit) {
    super(response);
    this.beforeCommit = beforeCommit;
  }

  synchronized void beforeCommit() {
    if (!done) {
      done = true;
      beforeCommit.run();
    }
  }

  private void beforeWriting(long units) {
    if (done) {
      return;
    }
    long bytes = units * bytesPerChar;
    long after = written + bytes;
    written = after;
    if ((contentLength >= 0 && written >= contentLength) || after > getBufferSize()) {
      beforeCommit();
    }
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    beforeCommit();
    super.sendRedirect(location);
  }

  @Override
  public void sendRedirect(String location, boolean clearBuffer) throws IOException {
    beforeCommit();
    super.sendRedirect(location, clearBuffer);
  }

  @Override
  public void sendRedirect(String location, int sc) throws IOException {
    beforeCommit();
    super.sendRedirect(location, sc);
  }

  @Override
  public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
    beforeCommit();
    super.sendRedirect(location, sc, clearBuffer);
  }

  @Override
  public void sendError(int sc, String msg) throws IOException {
    beforeCommit();
    super.sendError(sc, msg);
  }

  @Override
  public void sendError(int sc) throws IOException {
    beforeCommit();
    super.sendError(sc);
  }

  @Override
  public void flushBuffer() throws IOException {
    beforeCommit();
    super.flushBuffer();
  }

  @Override
  public void reset() {
    super.reset();
    written = 0;
    contentLength = -1;
  }

  @Override
  public void resetBuffer() {
    super.resetBuffer();
    written = 0;
  }

  @Override
  public void setContentLength(int len) {
    super.setContentLength(len);
    contentLength = len;
  }

  @Override
  public void setContentLengthLong(long len) {
    super.setContentLengthLong(len);
    contentLength = len;
  }

  @Override
  public void setHeader(String name, String value) {
    super.setHeader(name, value);
    trackContentLength(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    super.addHeader(name, value);
    trackContentLength(name, value);
  }

  @Override
  public void setIntHeader(String name, int value) {
    super.setIntHeader(name, value);
    trackContentLength(name, Integer.toString(value));
  }

  @Override
  public void addIntHeader(String name, int value) {
    super.addIntHeader(name, value);
    trackContentLength(name, Integer.toString(value));
  }

  private void trackContentLength(String name, String value) {
    if ("Content-Length".equalsIgnoreCase(name)) {
      try {
        contentLength = Long.parseLong(value.trim());
      } catch (NumberFormatException ignored) {
        // the container will complain about it, not us
      }
    }
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      stream = new Stream(super.getOutputStream());
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      PrintWriter delegate = super.getWriter();
      bytesPerChar = singleByte(getCharacterEncoding()) ? 1 : 3;
      writer = new Writer(delegate);
    }
    return writer;
  }

  private static boolean singleByte(@Nullable String encoding) {
    if (encoding == null) {
      return true;
    }
    String e = encoding.toUpperCase(Locale.ROOT);
    return e.equals("ISO-8859-1") || e.equals("US-ASCII");
  }

  /** Counts bytes and commits the session before a flush, close or overflowing write. */
  private final class Stream extends ServletOutputStream {
    private final ServletOutputStream delegate;

    Stream(ServletOutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      beforeWriting(1);
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      beforeWriting(len);
      delegate.write(b, off, len);
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      beforeWriting(buffer.remaining());
      delegate.write(buffer);
    }

    @Override
    public void flush() throws IOException {
      beforeCommit();
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      beforeCommit();
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener writeListener) {
      delegate.setWriteListener(writeListener);
    }
  }

  /** The same for characters; counts conservatively (3 bytes a char unless single-byte). */
  private final class Writer extends PrintWriter {
    Writer(PrintWriter delegate) {
      super(delegate);
    }

    @Override
    public void write(int c) {
      guard(1);
      super.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) {
      guard(len);
      super.write(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
      guard(len);
      super.write(s, off, len);
    }

    @Override
    public void flush() {
      guardCommit();
      super.flush();
    }

    @Override
    public void close() {
      guardCommit();
      super.close();
    }

    private void guard(int chars) {
      beforeWriting(chars);
    }

    private void guardCommit() {
      beforeCommit();
    }
  }
}
