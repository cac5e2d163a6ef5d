package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.DynamoDbUsage.Operation;
import io.stickless.session.SessionIds;
import io.stickless.session.SessionStore;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * 10,000 random and malformed session ids (cookie and header values of 0 to 8 KB, every byte value,
 * odd encodings, several cookies of one name) sent to the filter in real Tomcat and Jetty: no 5xx,
 * and no DynamoDB lookup for any id that is not well-formed.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class HostileSessionIdsIT {

  private static final int REQUESTS_PER_NODE = 2_500;
  private static final int THREADS = 4;
  private static final Duration TIME_LIMIT = Duration.ofSeconds(90);
  private static final String HEADER = "X-Auth-Token";
  private static final char[] BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  private final TestTable table;

  HostileSessionIdsIT(TestTable table) {
    this.table = table;
    table.createWithTutorialSchema();
  }

  @Test
  void hostileIdsNeverCauseA5xxNorALookup() throws Exception {
    Map<String, Integer> statuses = new ConcurrentSkipListMap<>();
    long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
    int seed = 13;
    for (AppNode.Starter starter : new AppNode.Starter[] {TomcatNode::start, JettyNode::start}) {
      for (boolean header : new boolean[] {false, true}) {
        SessionStore store = SessionStore.builder(table.client(), table.name()).build();
        SessionFilter.Builder filter = SessionFilter.builder(store);
        if (header) {
          filter.sessionIdResolver(SessionIdResolver.header(HEADER));
        }
        try (AppNode node = starter.start(TestApp.installer(filter.build(), null), Map.of())) {
          ExecutorService pool = Executors.newFixedThreadPool(THREADS);
          List<Future<Fuzz>> runs = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            Fuzz fuzz = new Fuzz(new Random(seed++), header);
            runs.add(pool.submit(() -> run(node, fuzz, deadline, statuses)));
          }
          pool.shutdown();
          assertThat(pool.awaitTermination(TIME_LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
          long wellFormed = 0;
          for (Future<Fuzz> run : runs) {
            Fuzz fuzz = run.get();
            assertThat(fuzz.sent)
                .as("all requests sent within the time limit")
                .isEqualTo(REQUESTS_PER_NODE / THREADS);
            wellFormed += fuzz.wellFormed;
          }
          long lookups = store.stats().usage().calls(Operation.GET_ITEM);
          assertThat(lookups)
              .as("lookups: only the well-formed ids may cost one")
              .isLessThanOrEqualTo(wellFormed);
          assertThat(store.stats().usage().totalCalls()).isEqualTo(lookups);
          assertThat(wellFormed).isPositive();
        }
      }
    }
    LoggerFactory.getLogger(getClass()).info("Hostile ids: statuses {}", statuses);
  }

  private static Fuzz run(AppNode node, Fuzz fuzz, long deadline, Map<String, Integer> statuses)
      throws IOException {
    for (int i = 0; i < REQUESTS_PER_NODE / THREADS && System.nanoTime() < deadline; i++) {
      Fuzz.Request request = fuzz.next();
      int status = send(node.port(), request.head());
      assertThat(status).as("status for %s (request %d)", request.kind(), i).isBetween(200, 499);
      statuses.merge((fuzz.header ? "header " : "cookie ") + status, 1, Integer::sum);
    }
    return fuzz;
  }

  /** One request over a fresh connection; its status, or 400 when the container hung up on it. */
  private static int send(int port, byte[] head) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head);
        out.flush();
      } catch (IOException closedEarly) {
        // a container may refuse an oversized head before reading it all
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      try {
        while ((b = in.read()) != -1 && b != '\n') {
          line.write(b);
        }
      } catch (IOException reset) {
        return line.size() == 0 ? 400 : parseStatus(line);
      }
      return line.size() == 0 ? 400 : parseStatus(line);
    }
  }

  private static int parseStatus(ByteArrayOutputStream line) {
    String statusLine = line.toString(StandardCharsets.ISO_8859_1);
    String[] parts = statusLine.split(" ");
    assertThat(parts.length).as("status line '%s'", statusLine).isGreaterThanOrEqualTo(2);
    return Integer.parseInt(parts[1]);
  }

  /** Generates hostile requests from a seeded random source. */
  static final class Fuzz {
    record Request(String kind, byte[] head) {}

    private final Random random;
    final boolean header;
    int sent;
    long wellFormed;

    Fuzz(Random random, boolean header) {
      this.random = random;
      this.header = header;
    }

    Request next() {
      sent++;
      int kind = random.nextInt(9);
      byte[] value;
      String name;
      switch (kind) {
        case 0 -> {
          name = "random bytes";
          value = randomBytes(random.nextInt(8 * 1024 + 1), 0, 256);
        }
        case 1 -> {
          name = "printable junk";
          value = randomBytes(random.nextInt(200), 0x20, 0x7f);
        }
        case 2 -> {
          name = "near-miss length";
          value = ascii(id(random.nextBoolean() ? 42 : 44 + random.nextInt(20)));
        }
        case 3 -> {
          name = "bad character";
          char[] id = id(SessionIds.ID_LENGTH).toCharArray();
          id[random.nextInt(id.length)] = "+/=%. \"\\".charAt(random.nextInt(8));
          value = ascii(new String(id));
        }
        case 4 -> {
          name = "percent-encoded";
          StringBuilder s = new StringBuilder();
          for (char c : id(SessionIds.ID_LENGTH).toCharArray()) {
            s.append('%').append(String.format("%02X", (int) c));
          }
          value = ascii(s.toString());
        }
        case 5 -> {
          name = "utf-8 and overlong";
          String id = id(SessionIds.ID_LENGTH - 1);
          byte[] tail =
              random.nextBoolean()
                  ? "é".getBytes(StandardCharsets.UTF_8)
                  : new byte[] {(byte) 0xC0, (byte) 0xAF};
          value = concat(ascii(id), tail);
        }
        case 6 -> {
          name = "empty";
          value = new byte[0];
        }
        case 7 -> {
          name = "well-formed unknown id";
          wellFormed++;
          value = ascii(id(SessionIds.ID_LENGTH));
        }
        default -> {
          name = "several of one name";
          // the header transport sees one value; the cookie transport one cookie per entry
          String good = id(SessionIds.ID_LENGTH);
          wellFormed++;
          value =
              header
                  ? ascii("x" + good + ", " + good)
                  : ascii("junk; SESSION=" + good + "; SESSION=" + id(7) + "; SESSION=");
        }
      }
      String prefix =
          header
              ? "GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + HEADER + ": "
              : "GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: "
                  + (kind == 8 ? "" : "SESSION=");
      return new Request(name, concat(ascii(prefix), value, ascii("\r\n\r\n")));
    }

    private String id(int length) {
      char[] c = new char[length];
      for (int i = 0; i < length; i++) {
        c[i] = BASE64URL[random.nextInt(BASE64URL.length)];
      }
      return new String(c);
    }

    private byte[] randomBytes(int length, int from, int to) {
      byte[] b = new byte[length];
      for (int i = 0; i < length; i++) {
        b[i] = (byte) (from + random.nextInt(to - from));
      }
      return b;
    }

    private static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] p : parts) {
        out.writeBytes(p);
      }
      return out.toByteArray();
    }
  }
}
