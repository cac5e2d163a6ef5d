package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommittingResponseTest {

  /** What happened, in order: "commit-session" and the calls that reach the container. */
  private final List<String> log = new ArrayList<>();

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  private CommittingResponse response(int bufferSize) {
    ServletOutputStream out =
        new ServletOutputStream() {
          @Override
          public void write(int b) {
            body.write(b);
          }

          @Override
          public void flush() {
            log.add("flush");
          }

          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {}
        };
    HttpServletResponse container =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (p, m, args) ->
                    switch (m.getName()) {
                      case "getBufferSize" -> bufferSize;
                      case "getOutputStream" -> out;
                      case "getWriter" -> new PrintWriter(out, false);
                      case "getCharacterEncoding" -> "UTF-8";
                      case "sendRedirect", "sendError", "flushBuffer" -> {
                        log.add(m.getName());
                        yield null;
                      }
                      default -> null;
                    });
    return new CommittingResponse(container, () -> log.add("commit-session"));
  }

  @Test
  void aRedirectCommitsTheSessionFirst() throws IOException {
    response(8192).sendRedirect("/next");

    assertThat(log).containsExactly("commit-session", "sendRedirect");
  }

  @Test
  void anErrorAndEachExplicitFlushCommitTheSessionFirst() throws IOException {
    CommittingResponse response = response(8192);

    response.sendError(404);
    response.flushBuffer();

    assertThat(log).containsExactly("commit-session", "sendError", "commit-session", "flushBuffer");
  }

  @Test
  void reachingTheDeclaredContentLengthCommitsTheSessionBeforeTheLastByte() throws IOException {
    CommittingResponse response = response(8192);
    response.setContentLength(4);
    ServletOutputStream out = response.getOutputStream();

    out.write(new byte[] {1, 2, 3});
    assertThat(log).isEmpty();
    out.write(4);

    assertThat(log).containsExactly("commit-session");
  }

  @Test
  void aContentLengthHeaderCountsToo() throws IOException {
    CommittingResponse response = response(8192);
    response.setHeader("content-length", "2");

    response.getOutputStream().write(new byte[] {1, 2});

    assertThat(log).containsExactly("commit-session");
  }

  @Test
  void aWriteThatWouldOverflowTheBufferCommitsTheSessionFirst() throws IOException {
    CommittingResponse response = response(10);
    ServletOutputStream out = response.getOutputStream();

    out.write(new byte[9]);
    out.write(1);
    assertThat(log).isEmpty();
    out.write(1);

    assertThat(log).containsExactly("commit-session");
  }

  @Test
  void theWriterCountsCharactersConservativelyAndFlushCommits() throws IOException {
    CommittingResponse response = response(10);
    PrintWriter writer = response.getWriter();

    writer.print("abc");
    assertThat(log).isEmpty();
    writer.print("d");
    assertThat(log).containsExactly("commit-session");

    writer.flush();
    assertThat(log).containsExactly("commit-session", "commit-session", "flush");
  }

  @Test
  void aSingleWriteLargeEnoughToBypassTheBufferCommitsTheSessionFirst() throws IOException {
    CommittingResponse response = response(32 * 1024);
    ServletOutputStream out = response.getOutputStream();

    out.write(new byte[CommittingResponse.DIRECT_WRITE_BYTES - 1]);
    assertThat(log).isEmpty();
    out.write(new byte[CommittingResponse.DIRECT_WRITE_BYTES]);

    assertThat(log).containsExactly("commit-session");
  }

  @Test
  void theLineSeparatorOfPrintlnIsCounted() throws IOException {
    CommittingResponse response = response(8192);
    response.setContentLength(18); // "hello" and the separator, at 3 bytes a char in UTF-8
    PrintWriter writer = response.getWriter();

    writer.print("hello");
    assertThat(log).isEmpty();
    response.reset();
    response.setContentLength(6 * 3);
    writer.println("hello");

    assertThat(log).containsExactly("commit-session");
  }

  @Test
  void smallResponsesLeaveTheCommitToTheEndOfTheRequest() throws IOException {
    CommittingResponse response = response(8192);

    response.getWriter().print("hello");
    response.getOutputStream();

    assertThat(log).isEmpty();
    assertThat(body.size()).isZero();
  }

  @Test
  void resettingTheBufferStartsTheCountAgain() throws IOException {
    CommittingResponse response = response(10);
    ServletOutputStream out = response.getOutputStream();

    out.write(new byte[8]);
    response.resetBuffer();
    out.write(new byte[8]);

    assertThat(log).isEmpty();
  }
}
