package io.stickless.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;

/**
 * Runs a callback just before the response can commit, so the session write and its {@code
 * Set-Cookie} header leave before the client sees the response and sends its next request (perhaps
 * to another node). Covers redirects, errors, the declared content length being reached, a write
 * that would overflow the container's buffer (which commits on its own) and a single write large
 * enough for the container to send it straight to the network (Jetty does so above its aggregation
 * size, 8 KB by default). Writes trigger the callback once; every explicit flush and close runs it
 * again, so what the application changed after an earlier commit is saved then (the callback is a
 * no-op when nothing changed).
 *
 * <p>The callback runs without holding any lock of this object: it takes the request's session lock
 * itself, and listeners called under that lock may write to the response.
 */
final class CommittingResponse extends HttpServletResponseWrapper {

  /**
   * A single write at least this large may bypass the container's buffer (Jetty's default output
   * aggregation size), committing the response at once.
   */
  static final int DIRECT_WRITE_BYTES = 8192;

  /** What to do before the response commits. */
  interface BeforeCommit {
    void run();
  }

  private final BeforeCommit beforeCommit;
  private volatile boolean done;
  private long contentLength = -1;
  private long written;
  private int bytesPerChar = 1;
  private @Nullable ServletOutputStream stream;
  private @Nullable PrintWriter writer;

  CommittingResponse(HttpServletResponse response, BeforeCommit beforeCommit) {
    super(response);
    this.beforeCommit = beforeCommit;
  }

  /** Runs the callback: always for an explicit flush, close, redirect or error. */
  void beforeCommit() {
    done = true;
    beforeCommit.run();
  }

  private void beforeWriting(long units, int perUnit) {
    if (done) {
      return;
    }
    long bytes = units * perUnit;
    long after = written + bytes;
    written = after;
    int bufferSize = getBufferSize();
    if ((contentLength >= 0 && after >= contentLength)
        || after > bufferSize
        || bytes >= Math.min(bufferSize, DIRECT_WRITE_BYTES)) {
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
      bytesPerChar = maxBytesPerChar(getCharacterEncoding());
      writer = new PrintWriter(new CountingWriter(delegate));
    }
    return writer;
  }

  /** Bytes a char may take in the response's encoding, rounded up (3 when unknown). */
  private static int maxBytesPerChar(@Nullable String encoding) {
    if (encoding == null) {
      return 1; // the Servlet default, ISO-8859-1
    }
    try {
      return (int) Math.ceil(Charset.forName(encoding).newEncoder().maxBytesPerChar());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return 3;
    }
  }

  /** Counts bytes and commits the session before a flush, close or overflowing write. */
  private final class Stream extends ServletOutputStream {
    private final ServletOutputStream delegate;

    Stream(ServletOutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      beforeWriting(1, 1);
      delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      beforeWriting(len, 1);
      delegate.write(b, off, len);
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      beforeWriting(buffer.remaining(), 1);
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

  /**
   * The same for characters, counted where every char passes (since Java 17, {@code
   * PrintWriter.println} writes its line separator straight to the underlying writer, past any
   * overridden {@code PrintWriter} method), conservatively at the encoding's maximum bytes a char.
   */
  private final class CountingWriter extends Writer {
    private final Writer delegate;

    CountingWriter(Writer delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int c) throws IOException {
      beforeWriting(1, bytesPerChar);
      delegate.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      beforeWriting(len, bytesPerChar);
      delegate.write(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      beforeWriting(len, bytesPerChar);
      delegate.write(s, off, len);
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
  }
}
