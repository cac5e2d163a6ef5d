package io.stickless.benchmarks;

import io.stickless.session.AttributeCodec;
import io.stickless.session.SessionStore;
import io.stickless.session.StoredSession;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding and decoding a 2 KB session (three 600-character attributes, as in the load benchmark)
 * with each attribute codec, and a whole read-only and one-attribute-write request's session work
 * on the in-memory store (which runs the DynamoDB store's code: find, decode on first read,
 * re-encode read attributes at save to catch in-place changes). No DynamoDB: this is the library's
 * own CPU per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class SessionCodecBenchmark {

  static final List<String> KEYS = List.of("a1", "a2", "a3");

  private final AttributeCodec java = AttributeCodec.javaSerialization(List.of());
  private final AttributeCodec json = AttributeCodec.json(List.of());
  private String[] values;
  private byte[][] javaBytes;
  private byte[][] jsonBytes;
  private SessionStore store;
  private String id;
  private boolean flip;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    values = new String[KEYS.size()];
    javaBytes = new byte[KEYS.size()][];
    jsonBytes = new byte[KEYS.size()][];
    for (int i = 0; i < KEYS.size(); i++) {
      byte[] raw = new byte[450];
      random.nextBytes(raw);
      values[i] = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      javaBytes[i] = java.encode(KEYS.get(i), values[i]);
      jsonBytes[i] = json.encode(KEYS.get(i), values[i]);
    }
    store = SessionStore.inMemory().build();
    StoredSession session = store.createSession();
    for (int i = 0; i < KEYS.size(); i++) {
      session.setAttribute(KEYS.get(i), values[i]);
    }
    store.save(session);
    id = session.getId();
  }

  @Benchmark
  public void javaSerializationEncode(Blackhole bh) {
    for (int i = 0; i < KEYS.size(); i++) {
      bh.consume(java.encode(KEYS.get(i), values[i]));
    }
  }

  @Benchmark
  public void javaSerializationDecode(Blackhole bh) {
    for (int i = 0; i < KEYS.size(); i++) {
      bh.consume(java.decode(KEYS.get(i), javaBytes[i]));
    }
  }

  @Benchmark
  public void jsonEncode(Blackhole bh) {
    for (int i = 0; i < KEYS.size(); i++) {
      bh.consume(json.encode(KEYS.get(i), values[i]));
    }
  }

  @Benchmark
  public void jsonDecode(Blackhole bh) {
    for (int i = 0; i < KEYS.size(); i++) {
      bh.consume(json.decode(KEYS.get(i), jsonBytes[i]));
    }
  }

  /** find, read the three attributes, save (nothing to write): a read-only request's work. */
  @Benchmark
  public void inMemoryReadOnlyRequest(Blackhole bh) {
    StoredSession session = store.findById(id);
    for (String k : KEYS) {
      bh.consume(session.getAttribute(k));
    }
    store.save(session);
  }

  /** find, replace one attribute, save (one delta write): a write request's work. */
  @Benchmark
  public void inMemoryWriteRequest() {
    StoredSession session = store.findById(id);
    flip = !flip;
    session.setAttribute("a1", flip ? values[1] : values[0]); // a changed value every time
    store.save(session);
  }
}
