package io.stickless.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One client connection to {@link DynamoDbFaultProxy}: reads requests, writes the rules' answers.
 */
final class ProxyConnection implements Runnable {

  /** What the connection asks of its proxy. */
  interface Answering {
    FaultAnswer answer(HttpWire.Request request) throws IOException, InterruptedException;

    void stalled(ProxyConnection connection, boolean stalled);

    void ended(ProxyConnection connection);
  }

  private final Socket socket;
  private final Answering proxy;

  ProxyConnection(Socket socket, Answering proxy) {
    this.socket = socket;
    this.proxy = proxy;
  }

  @Override
  public void run() {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      while (true) {
        HttpWire.Request request = HttpWire.readRequest(in, out);
        if (request == null) {
          return;
        }
        FaultAnswer answer = proxy.answer(request);
        switch (answer.kind()) {
          case RESPONSE -> {
            HttpWire.writeResponse(out, answer, request.keepAlive());
            if (!request.keepAlive()) {
              return;
            }
          }
          case RESET -> {
            reset();
            return;
          }
          case CLOSE -> {
            return;
          }
          case STALL -> {
            stall(in);
            return;
          }
        }
      }
    } catch (IOException e) {
      // the client went away, or the proxy reset the connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      proxy.ended(this);
    }
  }

  /** Resets the connection (RST): the client sees "connection reset", not a clean close. */
  void reset() {
    try {
      socket.setSoLinger(true, 0);
      socket.close();
    } catch (IOException alreadyGone) {
      // nothing left to reset
    }
  }

  /** Holds the connection without answering until the client or the proxy closes it. */
  private void stall(InputStream in) throws IOException {
    proxy.stalled(this, true);
    try {
      while (in.read() != -1) {
        // whatever the client sends now is never answered
      }
    } finally {
      proxy.stalled(this, false);
    }
  }
}
