package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.DynamoDbUsage.Operation;
import io.stickless.UnreadableValueException;
import io.stickless.internal.JavaSerialization;
import io.stickless.internal.ValueEnvelope;
import io.stickless.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What every {@link SessionStore} must do. Subclasses make "nodes": stores over the same sessions
 * (the first {@link #newNode(Config)} of a test starts them, later ones join).
 */
abstract class SessionStoreContract {

  /** Store options the contract varies. */
  record Config(
      Duration maxInactive,
      @Nullable Duration touchInterval,
      boolean strictTouch,
      SessionWriteMode writeMode,
      UnreadableAttributePolicy policy,
      List<String> allowedClasses) {

    static Config defaults() {
      return new Config(
          Duration.ofMinutes(30),
          null,
          false,
          SessionWriteMode.LAST_WRITER_WINS,
          UnreadableAttributePolicy.DROP_ATTRIBUTE,
          List.of("io.stickless.session.Cart"));
    }

    Config strict() {
      return new Config(maxInactive, touchInterval, true, writeMode, policy, allowedClasses);
    }

    Config optimistic() {
      return new Config(
          maxInactive,
          touchInterval,
          strictTouch,
          SessionWriteMode.OPTIMISTIC,
          policy,
          allowedClasses);
    }

    Config policy(UnreadableAttributePolicy p) {
      return new Config(maxInactive, touchInterval, strictTouch, writeMode, p, allowedClasses);
    }
  }

  protected final MutableClock clock =
      MutableClock.startingAt(Instant.parse("2026-03-01T10:00:00Z"));

  /** A store over this test's sessions. */
  protected abstract SessionStore newNode(Config config);

  /** Every item the backend holds, by key. */
  protected abstract Map<String, Map<String, AttributeValue>> rawItems();

  /** Writes an item as it is, behind the store's back (tampering, legacy data). */
  protected abstract void putRawItem(Map<String, AttributeValue> item);

  protected SessionStore store;

  @BeforeEach
  void startNode() {
    store = newNode(Config.defaults());
  }

  private StoredSession savedSession(SessionStore node) {
    StoredSession s = node.createSession();
    s.setAttribute("user", "alice");
    node.save(s);
    return s;
  }

  // ---- basics ----

  @Test
  void aSavedSessionIsFoundWithItsAttributesOnAnotherNode() {
    StoredSession s = store.createSession();
    assertThat(s.isNew()).isTrue();
    assertThat(SessionIds.isWellFormed(s.getId())).isTrue();
    s.setAttribute("user", "alice");
    s.setAttribute("roles", new ArrayList<>(List.of("admin", "dev")));
    s.setPrincipal("alice");
    store.save(s);
    clock.advance(Duration.ofSeconds(5));

    StoredSession found = newNode(Config.defaults()).findById(s.getId());

    assertThat(found).isNotNull();
    assertThat(found.isNew()).isFalse();
    assertThat(found.getAttributeNames()).containsExactlyInAnyOrder("user", "roles");
    assertThat(found.getAttribute("user")).isEqualTo("alice");
    assertThat(found.getAttribute("roles")).isEqualTo(List.of("admin", "dev"));
    assertThat(found.getPrincipal()).isEqualTo("alice");
    assertThat(found.getCreationTime()).isEqualTo(s.getCreationTime());
    assertThat(found.getLastAccessedTime()).isEqualTo(s.getCreationTime());
    assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(store.defaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void attributeNamesOverTheLimitAreRefusedAtSetAttributeAndTheSessionStaysReadable() {
    StoredSession s = savedSession(store);
    String longest = "é".repeat(StoredSession.MAX_ATTRIBUTE_NAME_BYTES / 2); // 2 bytes each
    String tooLong = longest + "x";
    String huge = "n".repeat(65_536);

    s.setAttribute(longest, "fits");
    assertThatThrownBy(() -> s.setAttribute(tooLong, "no"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1025 bytes")
        .hasMessageContaining("limit of 1024");
    assertThatThrownBy(() -> s.setAttribute(huge, "no"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65536 bytes")
        .hasMessageNotContaining("nnnn");
    assertThatThrownBy(() -> s.setAttribute("", "no"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    store.save(s);

    StoredSession found = newNode(Config.defaults()).findById(s.getId());
    assertThat(found).isNotNull();
    assertThat(found.getAttributeNames()).containsExactlyInAnyOrder("user", longest);
    assertThat(found.getAttribute(longest)).isEqualTo("fits");
  }

  @Test
  void aNewSessionCostsOnePutAndANeverSavedOneIsNotFound() {
    var before = store.stats();
    StoredSession unsaved = store.createSession();
    StoredSession s = savedSession(store);

    var used = store.stats().minus(before);
    assertThat(used.usage().callsByOperation()).isEqualTo(Map.of(Operation.PUT_ITEM, 1L));
    assertThat(used.sessionsCreated()).isEqualTo(1);
    assertThat(store.findById(unsaved.getId())).isNull();
    assertThat(store.findById(s.getId())).isNotNull();
  }

  @Test
  void savingTwiceInOneRequestWritesOnce() {
    StoredSession s = savedSession(store);
    var before = store.stats();
    store.save(s);
    StoredSession found = store.findById(s.getId());
    found.setAttribute("x", 1);
    store.save(found);
    store.save(found);
    assertThat(store.stats().minus(before).usage().writeCalls()).isEqualTo(1);
  }

  @Test
  void unknownIdIsNotFound() {
    assertThat(store.findById(SessionIds.generate())).isNull();
  }

  @Test
  void malformedIdsAreNotFoundWithoutAnyCall() {
    savedSession(store);
    List<String> ids =
        List.of(
            "",
            "A".repeat(10 * 1024),
            "not base64url at all!",
            "ŝéššïöñ-ïđ-ŵïţĥ-ūñïçøđę-çĥåŕåçţëŕš-1234567",
            "../../../../../../../../../../etc/passwd...",
            "' OR '1'='1'; DROP TABLE sessions; --xxxxxxx",
            "<script>alert(document.cookie)</script>xxxx",
            SessionIds.generate().substring(1),
            SessionIds.generate() + "=",
            "ref:" + SessionIds.generate());
    var before = store.stats();

    for (String id : ids) {
      assertThat(store.findById(id)).as("findById(%s)", id).isNull();
    }
    for (String id : ids.subList(0, ids.size() - 1)) {
      store.deleteById(id);
    }

    var used = store.stats().minus(before);
    assertThat(used.usage().totalCalls()).isZero();
    assertThat(used.malformedIds()).isEqualTo(2L * ids.size() - 1);
  }

  // ---- concurrency across nodes ----

  @Test
  void twoNodesWith32ThreadsEachSettingDistinctAttributesAllWin() throws Exception {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = savedSession(store);
    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        SessionStore node = i < 32 ? store : other; // 32 threads on each node
        String name = "attr-" + i;
        int value = i;
        done.add(
            pool.submit(
                () -> {
                  StoredSession mine = node.findById(s.getId());
                  start.await(30, TimeUnit.SECONDS); // all read first, then all write
                  mine.setAttribute(name, value);
                  node.save(mine);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    StoredSession found = store.findById(s.getId());
    for (int i = 0; i < 64; i++) {
      assertThat(found.getAttribute("attr-" + i)).as("attr-%s", i).isEqualTo(i);
    }
    assertThat(found.getAttributeNames()).hasSize(65);
    assertThat(found.getAttribute("user")).isEqualTo("alice");
    assertThat(store.stats().droppedWrites() + other.stats().droppedWrites()).isZero();
    assertThat(store.stats().attributeWrites() + other.stats().attributeWrites()).isEqualTo(64);
  }

  @Test
  void aLateSaveAfterInvalidationOnAnotherNodeNeverResurrectsTheSession() {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = savedSession(store);
    StoredSession onOther = other.findById(s.getId());

    store.deleteById(s.getId());
    onOther.setAttribute("cart", new Cart());
    other.save(onOther); // neither throws nor writes an item

    assertThat(other.stats().droppedWrites()).isEqualTo(1);
    assertThat(store.findById(s.getId())).isNull();
    assertThat(other.findById(s.getId())).isNull();
    assertThat(rawItems()).doesNotContainKey(keyOf(s.getId()));
  }

  @Test
  void aLateTouchAfterInvalidationIsDroppedToo() {
    SessionStore other = newNode(Config.defaults().strict());
    StoredSession s = savedSession(store);
    StoredSession onOther = other.findById(s.getId());
    store.deleteById(s.getId());

    other.save(onOther);

    assertThat(other.stats().droppedWrites()).isEqualTo(1);
    assertThat(rawItems()).doesNotContainKey(keyOf(s.getId()));
  }

  @Test
  void deleteIsOneCallAndIdempotent() {
    StoredSession s = savedSession(store);
    var before = store.stats();
    store.deleteById(s.getId());
    store.deleteById(s.getId());
    var used = store.stats().minus(before);
    assertThat(used.usage().callsByOperation()).isEqualTo(Map.of(Operation.DELETE_ITEM, 2L));
    assertThat(used.invalidations()).isEqualTo(2);
    assertThat(store.findById(s.getId())).isNull();
  }

  @Test
  void anInvalidatedSessionIsNotWrittenAgainByALaterSaveOfTheSameObject() {
    StoredSession s = savedSession(store);
    StoredSession read = store.findById(s.getId());
    read.setAttribute("x", 1);
    var before = store.stats();

    store.invalidate(read);
    store.save(read);
    store.invalidate(read); // already gone: no second delete, no second count

    var used = store.stats().minus(before);
    assertThat(used.usage().callsByOperation()).isEqualTo(Map.of(Operation.DELETE_ITEM, 1L));
    assertThat(used.invalidations()).isEqualTo(1);
    assertThat(store.findById(s.getId())).isNull();
  }

  @Test
  void invalidatingASessionThatWasNeverSavedMakesNoCallAndItIsNeverWritten() {
    StoredSession s = store.createSession();
    s.setAttribute("x", 1);
    var before = store.stats();
    store.invalidate(s);
    store.save(s);
    assertThat(store.stats().minus(before).usage().totalCalls()).isZero();
    assertThat(store.stats().minus(before).invalidations()).isZero();
    assertThat(store.findById(s.getId())).isNull();
  }

  // ---- expiry and touches ----

  @Test
  void anExpiredItemStillInTheTableIsNotFound() {
    StoredSession s = savedSession(store);
    // max inactive 30 min + touch interval 7.5 min: the stored TTL
    clock.advance(Duration.ofMinutes(37).plusSeconds(31));

    assertThat(rawItems()).containsKey(keyOf(s.getId()));
    assertThat(store.findById(s.getId())).isNull();
  }

  @Test
  void anItemWhoseTtlHasPassedIsNotFoundEvenWhenItsLastAccessIsRecent() {
    StoredSession s = savedSession(store);
    Map<String, AttributeValue> item = new HashMap<>(rawItems().get(keyOf(s.getId())));
    item.put("accessed", AttributeValue.fromN(Long.toString(clock.instant().toEpochMilli())));
    item.put("ttl", AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond() - 1)));
    putRawItem(item);

    assertThat(store.findById(s.getId())).isNull();
  }

  @Test
  void nodesWithDifferentTouchIntervalsNeverExpireASessionEarly() {
    StoredSession s = savedSession(store); // default touch interval 7.5 min: TTL at 37:30
    Config oneMinuteTouch =
        new Config(
            Duration.ofMinutes(30),
            Duration.ofMinutes(1),
            false,
            SessionWriteMode.LAST_WRITER_WINS,
            UnreadableAttributePolicy.DROP_ATTRIBUTE,
            List.of("io.stickless.session.Cart"));
    SessionStore other = newNode(oneMinuteTouch);

    clock.advance(Duration.ofMinutes(35)); // past 30 + 1 min, inside the writer's 37:30
    StoredSession found = other.findById(s.getId());

    assertThat(found).isNotNull();
    assertThat(found.getLastAccessedTime()).isEqualTo(s.getCreationTime());
  }

  @Test
  void aReadOnlyTouchDoesNotUndoALongerMaxInactiveIntervalSetByAnotherNode() {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = savedSession(store);
    StoredSession readEarly = store.findById(s.getId());
    StoredSession onOther = other.findById(s.getId());
    onOther.setMaxInactiveInterval(Duration.ofDays(30));
    other.save(onOther);

    clock.advance(Duration.ofMinutes(10)); // touch due for the 30 min view of readEarly
    store.save(readEarly); // neither a 500 nor a stale idle

    assertThat(store.stats().droppedWrites()).isZero();
    clock.advance(Duration.ofDays(20));
    StoredSession later = other.findById(s.getId());
    assertThat(later).isNotNull();
    assertThat(later.getMaxInactiveInterval()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void anAttributeWriteRacingALongerMaxInactiveIntervalKeepsBoth() {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = savedSession(store);
    StoredSession readEarly = store.findById(s.getId());
    StoredSession onOther = other.findById(s.getId());
    onOther.setMaxInactiveInterval(Duration.ofDays(30));
    other.save(onOther);

    readEarly.setAttribute("cart", new Cart());
    store.save(readEarly);

    clock.advance(Duration.ofDays(20));
    StoredSession later = other.findById(s.getId());
    assertThat(later).isNotNull();
    assertThat(later.getMaxInactiveInterval()).isEqualTo(Duration.ofDays(30));
    assertThat(later.getAttribute("cart")).isInstanceOf(Cart.class);
  }

  @Test
  void aSessionNeverExpiresEarlyEvenWhenItsLastAccessWasNotRecorded() {
    StoredSession s = savedSession(store);
    clock.advance(Duration.ofMinutes(7)); // inside the touch interval: not recorded
    StoredSession read = store.findById(s.getId());
    store.save(read);
    assertThat(store.stats().touches()).isZero();

    clock.advance(Duration.ofMinutes(30).minusSeconds(1)); // 29:59 after the real last access
    assertThat(store.findById(s.getId())).isNotNull();
  }

  @Test
  void readOnlyRequestsInsideTheTouchIntervalWriteNothingThenOneTouchMovesTheExpiry() {
    StoredSession s = savedSession(store);
    var before = store.stats();
    for (int i = 0; i < 100; i++) {
      clock.advance(Duration.ofSeconds(4)); // 400 s in all, inside the 450 s touch interval
      StoredSession read = store.findById(s.getId());
      assertThat(read.getAttribute("user")).isEqualTo("alice");
      store.save(read);
    }
    var readOnly = store.stats().minus(before);
    assertThat(readOnly.usage().writeCalls()).isZero();
    assertThat(readOnly.usage().calls(Operation.GET_ITEM)).isEqualTo(100);

    clock.advance(Duration.ofSeconds(50)); // 450 s since the recorded access
    StoredSession due = store.findById(s.getId());
    store.save(due);
    var afterTouch = store.stats().minus(before);
    assertThat(afterTouch.usage().writeCalls()).isEqualTo(1);
    assertThat(afterTouch.usage().calls(Operation.UPDATE_ITEM)).isEqualTo(1);
    assertThat(afterTouch.touches()).isEqualTo(1);

    // the touch moved the expiry: alive 30 min after it, where the old expiry had passed
    clock.advance(Duration.ofMinutes(35));
    StoredSession later = store.findById(s.getId());
    assertThat(later).isNotNull();
    assertThat(later.getLastAccessedTime())
        .isEqualTo(clock.instant().minus(Duration.ofMinutes(35)));
  }

  @Test
  void strictModeTouchesOnEveryRequestButOncePerRequest() {
    SessionStore strict = newNode(Config.defaults().strict());
    StoredSession s = savedSession(strict);
    var before = strict.stats();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      StoredSession read = strict.findById(s.getId());
      strict.save(read);
      strict.save(read);
    }
    assertThat(strict.stats().minus(before).touches()).isEqualTo(3);
    assertThat(strict.stats().minus(before).usage().writeCalls()).isEqualTo(3);
  }

  @Test
  void aShorterMaxInactiveIntervalIsSavedAndHonoured() {
    StoredSession s = savedSession(store);
    StoredSession read = store.findById(s.getId());
    read.setMaxInactiveInterval(Duration.ofMinutes(2));
    store.save(read);

    clock.advance(Duration.ofMinutes(1));
    StoredSession again = store.findById(s.getId());
    assertThat(again.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(2));
    // 2 min + 30 s touch slack after the recorded access
    clock.advance(Duration.ofMinutes(1).plusSeconds(31));
    assertThat(store.findById(s.getId())).isNull();
  }

  @Test
  void aZeroMaxInactiveIntervalNeverExpiresByInactivity() {
    StoredSession s = store.createSession();
    s.setMaxInactiveInterval(Duration.ZERO);
    s.setAttribute("remember", "me");
    store.save(s);

    clock.advance(Duration.ofDays(200));
    StoredSession found = store.findById(s.getId());
    assertThat(found).isNotNull();
    assertThat(found.getMaxInactiveInterval()).isEqualTo(Duration.ZERO);
  }

  // ---- what gets written ----

  @Test
  void inPlaceMutationIsWrittenAndAnUnchangedReadIsNot() {
    StoredSession s = store.createSession();
    s.setAttribute("cart", new Cart());
    store.save(s);

    var before = store.stats();
    StoredSession read = store.findById(s.getId());
    ((Cart) read.getAttribute("cart")).items(); // read, not changed
    store.save(read);
    assertThat(store.stats().minus(before).usage().writeCalls()).isZero();

    StoredSession mutate = store.findById(s.getId());
    ((Cart) mutate.getAttribute("cart")).add("book");
    store.save(mutate);
    var used = store.stats().minus(before);
    assertThat(used.usage().calls(Operation.UPDATE_ITEM)).isEqualTo(1);
    assertThat(used.attributeWrites()).isEqualTo(1);

    Cart cart = (Cart) store.findById(s.getId()).getAttribute("cart");
    assertThat(cart.items()).containsExactly("book");
  }

  @Test
  void aReadOnlyRequestWritesNothingWhenTheStoredBytesDoNotReEncodeIdentically() {
    StoredSession s = savedSession(store);
    HashMap<String, Integer> presized = new HashMap<>(1024); // capacity is in the bytes
    presized.put("a", 1);
    byte[] stored = JavaSerialization.serialize(presized);
    assertThat(JavaSerialization.serialize(new HashMap<>(presized))).isNotEqualTo(stored);
    putRawAttribute(s.getId(), "prefs", stored);
    var before = store.stats();

    StoredSession read = store.findById(s.getId());
    assertThat(read.getAttribute("prefs")).isEqualTo(Map.of("a", 1));
    store.save(read);
    assertThat(store.stats().minus(before).usage().writeCalls()).isZero();

    StoredSession mutate = store.findById(s.getId());
    @SuppressWarnings("unchecked")
    Map<String, Integer> prefs = (Map<String, Integer>) mutate.getAttribute("prefs");
    prefs.put("b", 2);
    store.save(mutate);
    assertThat(store.stats().minus(before).usage().writeCalls()).isEqualTo(1);
    assertThat(store.findById(s.getId()).getAttribute("prefs")).isEqualTo(Map.of("a", 1, "b", 2));
  }

  @Test
  void settingAnEqualValueWritesNothing() {
    StoredSession s = savedSession(store);
    var before = store.stats();
    StoredSession read = store.findById(s.getId());
    read.setAttribute("user", "alice");
    store.save(read);
    assertThat(store.stats().minus(before).usage().writeCalls()).isZero();
  }

  @Test
  void removedAttributesAndPrincipalAreRemoved() {
    StoredSession s = store.createSession();
    s.setAttribute("a", 1);
    s.setAttribute("b", 2);
    s.setPrincipal("bob");
    store.save(s);

    StoredSession read = store.findById(s.getId());
    read.removeAttribute("a");
    read.setAttribute("b", null);
    read.setAttribute("c", 3);
    read.setPrincipal(null);
    store.save(read);

    StoredSession found = store.findById(s.getId());
    assertThat(found.getAttributeNames()).containsExactly("c");
    assertThat(found.getPrincipal()).isNull();
  }

  @Test
  void attributeNamesWithDotsSpacesAndPunctuationRoundTrip() {
    StoredSession s = savedSession(store);
    List<String> names =
        List.of(
            "org.springframework.security.context.SecurityContext",
            "a b#:c",
            "#attrs",
            ":now",
            "ünï ©ødé",
            "x[0]");
    StoredSession read = store.findById(s.getId());
    for (String name : names) {
      read.setAttribute(name, name.length());
    }
    store.save(read);
    StoredSession again = store.findById(s.getId());
    for (String name : names) {
      assertThat(again.getAttribute(name)).as(name).isEqualTo(name.length());
    }
    again.removeAttribute("a b#:c");
    store.save(again);
    assertThat(store.findById(s.getId()).getAttributeNames()).doesNotContain("a b#:c").hasSize(6);
  }

  @Test
  void aSaveChangingHundredsOfAttributesIsOneUpdate() {
    StoredSession s = savedSession(store);
    StoredSession read = store.findById(s.getId());
    for (int i = 0; i < 300; i++) {
      read.setAttribute("attribute-with-a-longish-name-" + i, i);
    }
    var before = store.stats();
    store.save(read);
    assertThat(store.stats().minus(before).usage().callsByOperation())
        .isEqualTo(Map.of(Operation.UPDATE_ITEM, 1L));

    StoredSession again = store.findById(s.getId());
    assertThat(again.getAttributeNames()).hasSize(301);
    for (int i = 0; i < 300; i += 2) {
      again.removeAttribute("attribute-with-a-longish-name-" + i);
    }
    again.setAttribute("user", "bob");
    store.save(again);
    StoredSession last = store.findById(s.getId());
    assertThat(last.getAttributeNames()).hasSize(151);
    assertThat(last.getAttribute("user")).isEqualTo("bob");
    assertThat(last.getAttribute("attribute-with-a-longish-name-299")).isEqualTo(299);
  }

  @Test
  void aValueTheCodecCannotEncodeFailsTheSaveNamingTheAttribute() {
    StoredSession s = store.createSession();
    s.setAttribute("thread", new Object());
    assertThatThrownBy(() -> store.save(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'thread'")
        .hasMessageContaining("java.lang.Object");
  }

  @Test
  void anOversizedSessionFailsBeforeAnyCallNamingTheLargestAttributes() {
    StoredSession s = savedSession(store);
    StoredSession read = store.findById(s.getId());
    Random random = new Random(42);
    for (int i = 1; i <= 4; i++) {
      byte[] noise = new byte[i * 40 * 1024]; // random: does not compress
      random.nextBytes(noise);
      read.setAttribute("blob" + i, noise);
    }
    var before = store.stats();

    assertThatThrownBy(() -> store.save(read))
        .isInstanceOf(SessionTooLargeException.class)
        .hasMessageContaining("'blob4' (1638")
        .hasMessageContaining("'blob3' (1229")
        .hasMessageContaining("'blob2' (819")
        .hasMessageNotContaining("blob1");
    StoredSession fresh = store.createSession();
    byte[] huge = new byte[450 * 1024];
    random.nextBytes(huge);
    fresh.setAttribute("huge", huge);
    assertThatThrownBy(() -> store.save(fresh)).isInstanceOf(SessionTooLargeException.class);

    assertThat(store.stats().minus(before).usage().totalCalls()).isZero();
    assertThat(store.findById(s.getId()).getAttributeNames()).containsExactly("user");
  }

  @Test
  void aDeltaThatGrowsTheItemPastTheLimitBecauseOfAnotherNodeFailsAsTooLarge() {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = savedSession(store);
    StoredSession onStore = store.findById(s.getId());
    StoredSession onOther = other.findById(s.getId());
    Random random = new Random(7);
    byte[] theirs = new byte[250 * 1024];
    random.nextBytes(theirs);
    onOther.setAttribute("theirs", theirs);
    other.save(onOther);

    byte[] mine = new byte[200 * 1024];
    random.nextBytes(mine);
    onStore.setAttribute("mine", mine);
    assertThatThrownBy(() -> store.save(onStore))
        .isInstanceOf(SessionTooLargeException.class)
        .hasMessageContaining("item limit");

    assertThat(store.findById(s.getId()).getAttributeNames())
        .containsExactlyInAnyOrder("user", "theirs");
  }

  @Test
  void largeValuesAreCompressed() {
    StoredSession s = store.createSession();
    s.setAttribute("text", "session ".repeat(20_000)); // 160 KB, compresses well
    store.save(s);
    assertThat(rawAttribute(s.getId(), "text").length).isLessThan(10_000);
    assertThat(store.findById(s.getId()).getAttribute("text")).isEqualTo("session ".repeat(20_000));
  }

  // ---- id change ----

  @Test
  void changingTheIdMovesTheSessionAndLaterChangesLandUnderTheNewIdOnly() {
    StoredSession s = savedSession(store);
    String oldId = s.getId();
    StoredSession read = store.findById(oldId);
    read.setAttribute("loggedIn", true);

    var before = store.stats();
    String newId = store.changeSessionId(read);
    var used = store.stats().minus(before);
    assertThat(used.usage().callsByOperation())
        .isEqualTo(Map.of(Operation.PUT_ITEM, 1L, Operation.DELETE_ITEM, 1L));
    assertThat(used.invalidations()).as("an id change invalidates nothing").isZero();

    assertThat(newId).isNotEqualTo(oldId).isEqualTo(read.getId());
    assertThat(SessionIds.isWellFormed(newId)).isTrue();
    read.setAttribute("after", "change");
    store.save(read);

    assertThat(store.findById(oldId)).isNull();
    StoredSession moved = store.findById(newId);
    assertThat(moved.getAttribute("user")).isEqualTo("alice");
    assertThat(moved.getAttribute("loggedIn")).isEqualTo(true);
    assertThat(moved.getAttribute("after")).isEqualTo("change");
    assertThat(moved.getCreationTime()).isEqualTo(s.getCreationTime());
  }

  @Test
  void changingTheIdKeepsWhatAnotherNodeCommittedAfterThisRequestRead() {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = store.createSession();
    s.setAttribute("user", "alice");
    s.setAttribute("theme", "dark");
    s.setAttribute("step", 1);
    store.save(s);
    StoredSession login = store.findById(s.getId());
    StoredSession xhr = other.findById(s.getId());
    xhr.setAttribute("cart", new Cart());
    xhr.setAttribute("step", 2);
    xhr.removeAttribute("theme");
    other.save(xhr);

    login.setAttribute("loggedIn", true);
    login.setAttribute("user", "alice@example.com");
    String newId = store.changeSessionId(login);

    assertThat(store.findById(s.getId())).isNull();
    StoredSession moved = other.findById(newId);
    assertThat(moved.getAttributeNames())
        .containsExactlyInAnyOrder("user", "step", "cart", "loggedIn");
    assertThat(moved.getAttribute("cart")).isInstanceOf(Cart.class);
    assertThat(moved.getAttribute("step")).isEqualTo(2);
    assertThat(moved.getAttribute("user")).isEqualTo("alice@example.com");
    // the request's own view follows, so a later save in it keeps the cart too
    assertThat(login.getAttribute("cart")).isInstanceOf(Cart.class);
    login.setAttribute("after", "change");
    store.save(login);
    assertThat(other.findById(newId).getAttributeNames())
        .containsExactlyInAnyOrder("user", "step", "cart", "loggedIn", "after");
  }

  @Test
  void changingTheIdKeepsAPrincipalAndMaxInactiveIntervalAnotherNodeSetAfterThisRequestRead() {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = savedSession(store);
    StoredSession login = store.findById(s.getId());
    StoredSession xhr = other.findById(s.getId());
    xhr.setPrincipal("id-change-principal");
    xhr.setMaxInactiveInterval(Duration.ofHours(2));
    other.save(xhr);

    login.setAttribute("loggedIn", true);
    String newId = store.changeSessionId(login);

    StoredSession moved = other.findById(newId);
    assertThat(moved.getPrincipal()).isEqualTo("id-change-principal");
    assertThat(moved.getMaxInactiveInterval()).isEqualTo(Duration.ofHours(2));
    assertThat(moved.getAttributeNames()).containsExactlyInAnyOrder("user", "loggedIn");
    assertThat(other.findByPrincipal("id-change-principal")).hasSize(1);
    // the longer interval holds: the session outlives the default 30 minutes
    clock.advance(Duration.ofMinutes(90));
    assertThat(other.findById(newId)).isNotNull();
    // the request's own view follows, so a later save in it does not undo them
    assertThat(login.getPrincipal()).isEqualTo("id-change-principal");
    assertThat(login.getMaxInactiveInterval()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void changingTheIdKeepsThisRequestsOwnPrincipalAndIntervalOverAnotherNodes() {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = savedSession(store);
    StoredSession login = store.findById(s.getId());
    StoredSession xhr = other.findById(s.getId());
    xhr.setPrincipal("mallory");
    xhr.setMaxInactiveInterval(Duration.ofHours(2));
    other.save(xhr);

    login.setPrincipal("alice");
    login.setMaxInactiveInterval(Duration.ofMinutes(10));
    String newId = store.changeSessionId(login);

    StoredSession moved = other.findById(newId);
    assertThat(moved.getPrincipal()).isEqualTo("alice");
    assertThat(moved.getMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void changingTheIdKeepsAPrincipalClearedByAnotherNodeCleared() {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = store.createSession();
    s.setPrincipal("alice");
    store.save(s);
    StoredSession login = store.findById(s.getId());
    StoredSession logout = other.findById(s.getId());
    logout.setPrincipal(null);
    other.save(logout);

    login.setAttribute("step", 2);
    String newId = store.changeSessionId(login);

    assertThat(other.findById(newId).getPrincipal()).isNull();
    assertThat(login.getPrincipal()).isNull();
  }

  @Test
  void changingTheIdInOptimisticModeAfterAnotherNodeCommittedIsAConflictAndKeepsTheSession() {
    SessionStore a = newNode(Config.defaults().optimistic());
    SessionStore b = newNode(Config.defaults().optimistic());
    StoredSession s = savedSession(a);
    StoredSession login = a.findById(s.getId());
    StoredSession xhr = b.findById(s.getId());
    xhr.setAttribute("cart", new Cart());
    b.save(xhr);
    int itemsBefore = rawItems().size();

    assertThatThrownBy(() -> a.changeSessionId(login))
        .isInstanceOf(SessionConflictException.class)
        .hasMessageContaining("reload");

    assertThat(a.stats().conflicts()).isEqualTo(1);
    assertThat(rawItems()).hasSize(itemsBefore);
    assertThat(a.findById(s.getId()).getAttribute("cart")).isInstanceOf(Cart.class);
  }

  @Test
  void changingTheIdOfAnUnsavedSessionMakesNoCall() {
    StoredSession s = store.createSession();
    String oldId = s.getId();
    var before = store.stats();
    String newId = store.changeSessionId(s);
    assertThat(newId).isNotEqualTo(oldId);
    assertThat(store.stats().minus(before).usage().totalCalls()).isZero();
  }

  @Test
  void changingTheIdOfASessionInvalidatedMeanwhileDoesNotReviveIt() {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = savedSession(store);
    StoredSession read = store.findById(s.getId());
    other.deleteById(s.getId());

    String newId = store.changeSessionId(read);

    assertThat(store.findById(newId)).isNull();
    assertThat(store.findById(s.getId())).isNull();
    assertThat(rawItems()).doesNotContainKeys(keyOf(newId), keyOf(s.getId()));
  }

  // ---- optimistic mode ----

  @Test
  void optimisticModeRaisesAConflictWhenAnotherRequestChangedAttributes() {
    SessionStore a = newNode(Config.defaults().optimistic());
    SessionStore b = newNode(Config.defaults().optimistic());
    StoredSession s = savedSession(a);
    StoredSession onA = a.findById(s.getId());
    StoredSession onB = b.findById(s.getId());
    onB.setAttribute("x", "from b");
    b.save(onB);

    onA.setAttribute("x", "from a");
    assertThatThrownBy(() -> a.save(onA))
        .isInstanceOf(SessionConflictException.class)
        .hasMessageContaining("reload");
    assertThat(a.stats().conflicts()).isEqualTo(1);
    assertThat(a.findById(s.getId()).getAttribute("x")).isEqualTo("from b");
  }

  @Test
  void optimisticModeLetsTouchesAndSequentialWritesThrough() {
    SessionStore a = newNode(Config.defaults().optimistic().strict());
    StoredSession s = savedSession(a);
    StoredSession reader = a.findById(s.getId());
    StoredSession writer = a.findById(s.getId());
    a.save(reader); // a touch: no version change
    writer.setAttribute("x", 1);
    a.save(writer);
    writer.setAttribute("x", 2);
    a.save(writer);
    assertThat(a.findById(s.getId()).getAttribute("x")).isEqualTo(2);
    assertThat(a.stats().conflicts()).isZero();
  }

  @Test
  void lastWriterWinsPerAttributeByDefault() {
    SessionStore other = newNode(Config.defaults());
    StoredSession s = savedSession(store);
    StoredSession first = store.findById(s.getId());
    StoredSession second = other.findById(s.getId());
    first.setAttribute("x", "first");
    second.setAttribute("x", "second");
    store.save(first);
    other.save(second);
    assertThat(store.findById(s.getId()).getAttribute("x")).isEqualTo("second");
  }

  // ---- unreadable values ----

  @Test
  void aTamperedValueOfAClassOutsideTheAllowListIsDroppedWithoutInitialisingIt() {
    StoredSession s = savedSession(store);
    tamper(s.getId());
    var before = store.stats();

    StoredSession found = store.findById(s.getId());

    assertThat(found.getAttributeNames()).containsExactly("user");
    assertThat(found.getAttribute("gadget")).isNull();
    assertThat(store.stats().minus(before).unreadableAttributes()).isEqualTo(1);
    assertThat(System.getProperty("stickless.test.gadget.initialized")).isNull();

    // a read-only request writes nothing because of it
    var readOnly = store.stats();
    clock.advance(Duration.ofMinutes(1));
    store.save(found);
    assertThat(store.stats().minus(readOnly).usage().writeCalls()).isZero();
    assertThat(rawItems().get(keyOf(s.getId())).get("attrs").m()).containsKey("gadget");

    // the next write of attributes removes it along
    StoredSession writing = store.findById(s.getId());
    writing.setAttribute("x", 1);
    store.save(writing);
    assertThat(rawItems().get(keyOf(s.getId())).get("attrs").m())
        .containsOnlyKeys("user", "x")
        .doesNotContainKey("gadget");
    assertThat(System.getProperty("stickless.test.gadget.initialized")).isNull();
  }

  @Test
  void optimisticModeWritesNothingAndRaisesNothingForAReadOnlyRequestWithAnUnreadableValue() {
    SessionStore a = newNode(Config.defaults().optimistic());
    SessionStore b = newNode(Config.defaults().optimistic());
    StoredSession s = savedSession(a);
    tamper(s.getId());
    StoredSession readOnly = a.findById(s.getId());
    StoredSession onB = b.findById(s.getId());
    onB.setAttribute("x", "from b");
    b.save(onB);
    var before = a.stats();

    readOnly.getAttribute("user");
    a.save(readOnly);

    assertThat(a.stats().minus(before).usage().writeCalls()).isZero();
    assertThat(a.stats().conflicts()).isZero();
    assertThat(a.findById(s.getId()).getAttribute("x")).isEqualTo("from b");
  }

  @Test
  void aValueWhoseClassIsMissingIsNeverRemovedByANodeThatCannotReadIt() {
    StoredSession s = savedSession(store);
    putRawAttribute(s.getId(), "newer", missingClassValue());

    StoredSession found = store.findById(s.getId());
    assertThat(found.getAttributeNames()).containsExactly("user");
    assertThat(store.stats().unreadableAttributes()).isEqualTo(1);
    found.setAttribute("x", 1);
    store.save(found);
    assertThat(rawItems().get(keyOf(s.getId())).get("attrs").m()).containsKey("newer");

    StoredSession again = store.findById(s.getId());
    String newId = store.changeSessionId(again);
    assertThat(rawAttribute(newId, "newer"))
        .isEqualTo(ValueEnvelope.wrap(missingClassValue(), 1 << 20));
    assertThat(rawItems().get(keyOf(newId)).get("attrs").m())
        .containsOnlyKeys("user", "x", "newer");
  }

  @Test
  void theDropSessionPolicyTreatsASessionWithAnUnreadableValueAsNotFound() {
    SessionStore strict = newNode(Config.defaults().policy(UnreadableAttributePolicy.DROP_SESSION));
    StoredSession s = savedSession(store);
    tamper(s.getId());
    assertThat(strict.findById(s.getId())).isNull();
    assertThat(strict.stats().unreadableAttributes()).isEqualTo(1);
  }

  @Test
  void theFailPolicyThrows() {
    SessionStore failing = newNode(Config.defaults().policy(UnreadableAttributePolicy.FAIL));
    StoredSession s = savedSession(store);
    tamper(s.getId());
    assertThatThrownBy(() -> failing.findById(s.getId()))
        .isInstanceOf(UnreadableValueException.class)
        .hasMessageContaining("TamperedGadgetXY");
    assertThat(System.getProperty("stickless.test.gadget.initialized")).isNull();
  }

  // ---- principal ----

  @Test
  void sessionsAreFoundByPrincipalAndCanBeInvalidatedThroughTheirReference() {
    StoredSession a1 = store.createSession();
    a1.setPrincipal("ann");
    store.save(a1);
    StoredSession a2 = store.createSession();
    a2.setPrincipal("ann");
    a2.setAttribute("device", "phone");
    store.save(a2);
    StoredSession b = store.createSession();
    b.setPrincipal("ben");
    store.save(b);

    List<StoredSession> anns = store.findByPrincipal("ann");

    assertThat(anns).hasSize(2);
    assertThat(anns).allSatisfy(s -> assertThat(s.getPrincipal()).isEqualTo("ann"));
    assertThat(anns).extracting(StoredSession::getId).allMatch(id -> id.startsWith("ref:"));
    assertThat(anns).extracting(StoredSession::getId).doesNotContain(a1.getId(), a2.getId());
    StoredSession phone =
        anns.stream().filter(s -> s.getAttribute("device") != null).findFirst().orElseThrow();
    phone.setAttribute("flagged", true);
    store.save(phone); // saved through its reference
    assertThat(store.findById(a2.getId()).getAttribute("flagged")).isEqualTo(true);

    for (StoredSession s : anns) {
      store.deleteById(s.getId());
    }
    assertThat(store.findById(a1.getId())).isNull();
    assertThat(store.findById(a2.getId())).isNull();
    assertThat(store.findById(b.getId())).isNotNull();
    assertThat(store.findByPrincipal("ann")).isEmpty();
  }

  @Test
  void expiredSessionsAreNotFoundByPrincipal() {
    StoredSession s = store.createSession();
    s.setPrincipal("old");
    store.save(s);
    clock.advance(Duration.ofHours(1));
    assertThat(store.findByPrincipal("old")).isEmpty();
  }

  // ---- the table never holds an id ----

  @Test
  void noItemHoldsARawSessionId() {
    List<String> ids = new ArrayList<>();
    List<String> newKeys = new ArrayList<>();
    List<String> oldKeys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      StoredSession s = store.createSession();
      s.setAttribute("n", i);
      s.setPrincipal("user" + i);
      store.save(s);
      ids.add(s.getId());
      oldKeys.add(keyOf(s.getId()));
      String newId = store.changeSessionId(s);
      ids.add(newId);
      newKeys.add(keyOf(newId));
    }
    for (Map<String, AttributeValue> item : rawItems().values()) {
      List<byte[]> contents = new ArrayList<>();
      collect(AttributeValue.fromM(item), contents);
      for (byte[] content : contents) {
        for (String id : ids) {
          assertThat(indexOf(content, id.getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
          assertThat(indexOf(content, Base64.getUrlDecoder().decode(id))).isEqualTo(-1);
        }
      }
    }
    assertThat(rawItems()).containsKeys(newKeys.toArray(String[]::new));
    assertThat(rawItems()).doesNotContainKeys(oldKeys.toArray(String[]::new));
  }

  // ---- helpers ----

  protected String keyOf(String id) {
    return "session:" + SessionItems.hash(id);
  }

  private byte[] rawAttribute(String id, String name) {
    return rawItems().get(keyOf(id)).get("attrs").m().get(name).b().asByteArray();
  }

  /** Adds attribute "gadget": serialized bytes naming a class outside the allow-list. */
  private void tamper(String id) {
    putRawAttribute(id, "gadget", renamed("TamperedGadgetXY"));
  }

  /** Serialized bytes naming a class that is on no classpath (written by a newer node). */
  private static byte[] missingClassValue() {
    return renamed("TamperedMissingX");
  }

  private static byte[] renamed(String sixteenChars) {
    byte[] harmless = JavaSerialization.serialize(new TamperedHarmless());
    byte[] from = "TamperedHarmless".getBytes(StandardCharsets.US_ASCII);
    byte[] to = sixteenChars.getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(harmless, from);
    assertThat(at).isPositive();
    System.arraycopy(to, 0, harmless, at, to.length);
    return harmless;
  }

  /** Writes one attribute's codec bytes into the item, behind the store's back. */
  private void putRawAttribute(String id, String name, byte[] codecBytes) {
    Map<String, AttributeValue> item = new HashMap<>(rawItems().get(keyOf(id)));
    Map<String, AttributeValue> attrs = new HashMap<>(item.get("attrs").m());
    attrs.put(
        name,
        AttributeValue.fromB(SdkBytes.fromByteArray(ValueEnvelope.wrap(codecBytes, 1 << 20))));
    item.put("attrs", AttributeValue.fromM(attrs));
    putRawItem(item);
  }

  private static void collect(AttributeValue v, List<byte[]> out) {
    if (v.s() != null) {
      out.add(v.s().getBytes(StandardCharsets.UTF_8));
    } else if (v.n() != null) {
      out.add(v.n().getBytes(StandardCharsets.UTF_8));
    } else if (v.b() != null) {
      byte[] stored = v.b().asByteArray();
      out.add(stored);
      out.add(ValueEnvelope.unwrap(stored));
    } else if (v.hasM()) {
      v.m()
          .forEach(
              (k, e) -> {
                out.add(k.getBytes(StandardCharsets.UTF_8));
                collect(e, out);
              });
    } else if (v.hasL()) {
      v.l().forEach(e -> collect(e, out));
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
