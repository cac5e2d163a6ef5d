package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.DynamoDbUsage;
import io.stickless.DynamoDbUsage.Operation;
import io.stickless.testing.DynamoDbFaultProxy;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.MutableClock;
import io.stickless.testing.StaleReads;
import io.stickless.testing.TestTable;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@link ConsistentReads#HINTED} against dynalite behind a stale-read proxy: eventually consistent
 * {@code GetItem}s are answered with the item as it was up to {@link #LAG} ago (the worst case, by
 * the same clock the stores use), so a read that trusts an eventually consistent answer without
 * reason shows up as a stale session. Two stores play two nodes of one cluster.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class HintedReadsIT {

  /** Far longer than DynamoDB's real delay, and than the hint's strong-read window. */
  private static final Duration LAG = Duration.ofSeconds(30);

  /** Just past the strong-read window: reads are eventually consistent again. */
  private static final Duration PAST_WINDOW = ReadHint.STRONG_READ_WINDOW.plusSeconds(1);

  private final MutableClock clock = MutableClock.startingNow();
  private final StaleReads stale = StaleReads.upTo(LAG, clock);
  private final String table;
  private DynamoDbFaultProxy proxy;
  private DynamoDbClient client;
  private SessionStore nodeA;
  private SessionStore nodeB;

  HintedReadsIT(TestTable testTable) {
    this.table = testTable.createWithTutorialSchema();
  }

  @BeforeEach
  void start(LocalDynamoDb server) {
    proxy = DynamoDbFaultProxy.start(server).add(stale);
    client = proxy.clientBuilder().build();
    nodeA = hinted();
    nodeB = hinted();
  }

  @AfterEach
  void stop() {
    client.close();
    proxy.close();
  }

  @Test
  void withoutTheHintAnEventuallyConsistentReadReturnsTheClientsOwnStaleSessionWithItNever() {
    StoredSession written = writtenTwice();
    ReadHint hint = written.readHint();
    SessionStore eventual =
        SessionStore.builder(client, table).clock(clock).consistentReads(false).build();

    assertThat(eventual.findById(written.getId()).getAttribute("a")).isEqualTo("v1");
    assertThat(stale.staleAnswers()).isEqualTo(1);

    Usage read = usageOf(nodeB, () -> nodeB.findById(written.getId(), hint));
    assertThat(read.session().getAttribute("a")).isEqualTo("v2");
    // the eventually consistent answer was older than the hint: read once more, strongly
    assertThat(stale.staleAnswers()).isEqualTo(2);
    assertThat(read.getItems()).isEqualTo(2);
    assertThat(read.readUnits()).isEqualTo(1.5);
  }

  @Test
  void aReadWithAHintCostsHalfOnceTheReplicaHasCaughtUp() {
    StoredSession written = writtenTwice();
    clock.advance(LAG);

    Usage hinted = usageOf(nodeB, () -> nodeB.findById(written.getId(), written.readHint()));
    assertThat(hinted.session().getAttribute("a")).isEqualTo("v2");
    assertThat(hinted.getItems()).isEqualTo(1);
    assertThat(hinted.readUnits()).isEqualTo(0.5);

    SessionStore strong = strong();
    Usage always = usageOf(strong, () -> strong.findById(written.getId()));
    assertThat(always.session().getAttribute("a")).isEqualTo("v2");
    assertThat(always.getItems()).isEqualTo(1);
    assertThat(always.readUnits()).isEqualTo(1.0);
  }

  @Test
  void aReadMomentsAfterTheWriteIsStronglyConsistentEvenOnAnotherNode() {
    StoredSession s = nodeA.createSession();
    s.setAttribute("a", "v1");
    nodeA.save(s);
    clock.advance(Duration.ofMillis(1));

    Usage read = usageOf(nodeB, () -> nodeB.findById(s.getId(), s.readHint()));
    assertThat(read.session().getAttribute("a")).isEqualTo("v1");
    assertThat(read.getItems()).isEqualTo(1);
    assertThat(read.readUnits()).isEqualTo(1.0);
  }

  @Test
  void aSessionMissingWhileTheHintSaysItExistsIsReadAgainStrongly() {
    StoredSession s = nodeA.createSession();
    s.setAttribute("a", "v1");
    nodeA.save(s);
    clock.advance(PAST_WINDOW);

    Usage read = usageOf(nodeB, () -> nodeB.findById(s.getId(), s.readHint()));
    assertThat(read.session()).isNotNull();
    assertThat(read.session().getAttribute("a")).isEqualTo("v1");
    assertThat(stale.staleAnswers()).isEqualTo(1); // the replica did not have it yet
    assertThat(read.getItems()).isEqualTo(2);
  }

  @Test
  void withoutAHintTheReadIsStronglyConsistent() {
    StoredSession written = writtenTwice();

    Usage read = usageOf(nodeB, () -> nodeB.findById(written.getId()));
    assertThat(read.session().getAttribute("a")).isEqualTo("v2");
    assertThat(read.getItems()).isEqualTo(1);
    assertThat(read.readUnits()).isEqualTo(1.0);
    assertThat(stale.staleAnswers()).isZero();

    Usage nullHint = usageOf(nodeB, () -> nodeB.findById(written.getId(), null));
    assertThat(nullHint.session().getAttribute("a")).isEqualTo("v2");
    assertThat(nullHint.readUnits()).isEqualTo(1.0);
  }

  @Test
  void aForgedHintCostsAtMostOneExtraReadAndNeverChangesWhichSessionIsRead() {
    StoredSession written = writtenTwice();
    long now = clock.millis();
    ReadHint[] forged = {
      new ReadHint(Long.MAX_VALUE, now - 60_000), // a version from the future
      new ReadHint(Long.MIN_VALUE, Long.MIN_VALUE), // negative everything
      new ReadHint(-1, 0),
      new ReadHint(1, Long.MAX_VALUE), // written in the future: reads strongly
      ReadHint.parse("zzzzzzzzzzzzz.zzzzzzzzzzzzz"), // garbage: no hint
      ReadHint.parse("not a hint")
    };
    for (ReadHint hint : forged) {
      Usage read = usageOf(nodeB, () -> nodeB.findById(written.getId(), hint));
      assertThat(read.getItems()).as("GetItems with hint %s", hint).isBetween(1L, 2L);
      assertThat(read.session()).as("session with hint %s", hint).isNotNull();
      assertThat(read.session().getId()).isEqualTo(written.getId());
      // a negative version trusts the replica: the client then reads like a cache, its own risk
      if (hint == null || hint.version() > 0) {
        assertThat(read.session().getAttribute("a")).as("with hint %s", hint).isEqualTo("v2");
      }
    }

    String unknown = SessionIds.generate();
    for (ReadHint hint : forged) {
      Usage read = usageOf(nodeB, () -> nodeB.findById(unknown, hint));
      assertThat(read.session()).as("an unknown id with hint %s", hint).isNull();
      assertThat(read.getItems()).isBetween(1L, 2L);
    }
    Usage malformed =
        usageOf(nodeB, () -> nodeB.findById("not-an-id", new ReadHint(5, now - 60_000)));
    assertThat(malformed.session()).isNull();
    assertThat(malformed.getItems()).isZero();
    assertThat(nodeB.stats().sessionsCreated()).isZero();
  }

  @Test
  void aHintNeverRevivesAnInvalidatedSession() {
    StoredSession written = writtenTwice();
    ReadHint hint = written.readHint();
    clock.advance(LAG); // the replica has the last write; only the invalidation is still new
    nodeA.invalidate(written);
    clock.advance(PAST_WINDOW);

    // a forged version above the item's: the stale copy is refused and the strong read says gone
    Usage forged =
        usageOf(nodeB, () -> nodeB.findById(written.getId(), new ReadHint(hint.version() + 1, 0)));
    assertThat(forged.session()).isNull();
    assertThat(forged.getItems()).isEqualTo(2);

    // the real hint (a stolen cookie used right after its owner's logout) may still read the
    // replica's copy within the eventual-consistency window, as documented; it cannot bring it
    // back: its write is dropped and the strong read finds nothing
    StoredSession late = nodeB.findById(written.getId(), hint);
    assertThat(late).as("the replica's copy, within the documented window").isNotNull();
    late.setAttribute("b", "thief");
    nodeB.save(late);
    assertThat(late.readHint()).isNull();
    assertThat(nodeB.stats().droppedWrites()).isEqualTo(1);
    assertThat(nodeB.findById(written.getId())).isNull();
  }

  @Test
  void aHintCarriesTheItemsExactVersionWhenConcurrentRequestsWrite() {
    StoredSession created = nodeA.createSession();
    nodeA.save(created);
    clock.advance(LAG);
    StoredSession first = nodeA.findById(created.getId());
    StoredSession second = nodeB.findById(created.getId());
    second.setAttribute("b", "from B");
    nodeB.save(second);
    first.setAttribute("a", "from A");
    nodeA.save(first);

    assertThat(second.readHint().version()).isEqualTo(2);
    // A read version 1 but its write made version 3: the hint says 3, not 1 + 1
    assertThat(first.readHint().version()).isEqualTo(3);
    assertThat(first.getVersion()).isEqualTo(3);

    // the client keeps the hint of the response that arrived last (B's, version 2) though it saw
    // A's write: within the window the read is strong and sees both
    clock.advance(Duration.ofMillis(1));
    StoredSession read = nodeB.findById(created.getId(), second.readHint());
    assertThat(read.getAttribute("a")).isEqualTo("from A");
    assertThat(read.getAttribute("b")).isEqualTo("from B");
  }

  @Test
  void aTouchGivesAHintAndAReadOnlyRequestNone() {
    StoredSession s = nodeA.createSession();
    nodeA.save(s);
    clock.advance(LAG);
    StoredSession readOnly = nodeB.findById(s.getId(), s.readHint());
    nodeB.save(readOnly);
    assertThat(readOnly.readHint()).isNull();

    clock.advance(SessionStoreBuilder.DEFAULT_MAX_INACTIVE_INTERVAL.dividedBy(4));
    StoredSession touched = nodeB.findById(s.getId(), s.readHint());
    nodeB.save(touched);
    assertThat(touched.readHint()).isNotNull();
    assertThat(touched.readHint().writtenAt()).isEqualTo(clock.instant());
    assertThat(touched.readHint().version()).isEqualTo(s.readHint().version());
  }

  @Test
  void aStoreThatReadsStronglyGivesNoHintAndIgnoresOne() {
    SessionStore always = strong();
    StoredSession s = always.createSession();
    s.setAttribute("a", "v1");
    always.save(s);
    assertThat(s.readHint()).isNull();
    assertThat(s.getVersion()).isEqualTo(1);
    clock.advance(PAST_WINDOW);

    Usage read = usageOf(always, () -> always.findById(s.getId(), new ReadHint(1, 0)));
    assertThat(read.session().getAttribute("a")).isEqualTo("v1");
    assertThat(read.readUnits()).isEqualTo(1.0);
  }

  // ---- helpers ----

  private SessionStore strong() {
    return SessionStore.builder(client, table).clock(clock).build();
  }

  private SessionStore hinted() {
    return SessionStore.builder(client, table)
        .clock(clock)
        .consistentReads(ConsistentReads.HINTED)
        .build();
  }

  /**
   * A session created with {@code a=v1} on node A, then (after the create left the lag) set to
   * {@code a=v2} on node A; the clock ends just past the strong-read window of the second write, so
   * the replica still answers {@code v1}.
   */
  private StoredSession writtenTwice() {
    StoredSession s = nodeA.createSession();
    s.setAttribute("a", "v1");
    nodeA.save(s);
    clock.advance(LAG.plusSeconds(1));
    StoredSession again = nodeA.findById(s.getId(), s.readHint());
    again.setAttribute("a", "v2");
    nodeA.save(again);
    assertThat(again.readHint().version()).isEqualTo(2);
    clock.advance(PAST_WINDOW);
    return again;
  }

  private record Usage(StoredSession session, long getItems, double readUnits) {}

  private static Usage usageOf(SessionStore store, Supplier<StoredSession> read) {
    DynamoDbUsage before = store.stats().usage();
    StoredSession session = read.get();
    DynamoDbUsage used = store.stats().usage().minus(before);
    return new Usage(session, used.calls(Operation.GET_ITEM), used.readUnits());
  }
}
