package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stickless.BackendUnavailableException;
import io.stickless.table.TableSpec;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class SessionStoreBuildersTest {

  private static DynamoDbClient unusedClient() {
    return DynamoDbClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(URI.create("http://127.0.0.1:9"))
        .credentialsProvider(AnonymousCredentialsProvider.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  @Test
  void defaultsAreDocumentedOnes() {
    try (DynamoDbClient client = unusedClient()) {
      SessionStore store = SessionStore.builder(client, "app-table").build();
      assertThat(store.defaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
      assertThat(((DynamoDbSessionStore) store).tableName()).isEqualTo("app-table");
      assertThat(store.stats().usage().totalCalls()).isZero();
      assertThat(SessionStore.inMemory().build().defaultMaxInactiveInterval())
          .isEqualTo(SessionStoreBuilder.DEFAULT_MAX_INACTIVE_INTERVAL);
    }
  }

  @Test
  void anUnreachableTableSurfacesAsBackendUnavailable() {
    try (DynamoDbClient client = unusedClient()) {
      SessionStore store = SessionStore.builder(client, "app-table").build();
      assertThatThrownBy(() -> store.findById(SessionIds.generate()))
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageContaining("app-table");
      StoredSession s = store.createSession();
      s.setAttribute("a", 1);
      assertThatThrownBy(() -> store.save(s)).isInstanceOf(BackendUnavailableException.class);
    }
  }

  @Test
  void invalidOptionsFailWithMessagesThatSayWhatToDo() {
    try (DynamoDbClient client = unusedClient()) {
      // table and attribute names are TableSpec's rules, checked when the builder is made
      assertThatThrownBy(() -> SessionStore.builder(client, "a b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a b'");
      assertThatThrownBy(() -> SessionStore.builder(client, (String) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("tableName");
      assertThatThrownBy(() -> SessionStore.builder(client, (TableSpec) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("table");
      assertThatThrownBy(() -> TableSpec.builder("app-table").keyAttribute("ttl").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must differ");
      SessionStoreBuilder b = SessionStore.builder(client, "app-table");
      assertThatThrownBy(() -> b.defaultMaxInactiveInterval(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PT0S");
      assertThatThrownBy(() -> b.touchInterval(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("strictTouch");
      assertThatThrownBy(() -> b.compressionThreshold(-1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> b.allowedClasses("**")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> b.principalIndexName(""))
          .isInstanceOf(IllegalArgumentException.class);

      assertThatThrownBy(
              () ->
                  SessionStore.builder(client, "app-table")
                      .touchInterval(Duration.ofHours(1))
                      .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("touchInterval");
      assertThatThrownBy(
              () ->
                  SessionStore.inMemory()
                      .allowedClasses("com.example.*")
                      .codec(AttributeCodec.json(List.of()))
                      .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("allowedClasses");
    }
  }

  @Test
  void everyOptionMayBeSetOnceAndASecondSetNamesIt() {
    try (DynamoDbClient client = unusedClient()) {
      SessionStoreBuilder b =
          SessionStore.builder(client, "app-table")
              .clock(Clock.systemUTC())
              .defaultMaxInactiveInterval(Duration.ofMinutes(10))
              .touchInterval(Duration.ofMinutes(1))
              .strictTouch(false)
              .writeMode(SessionWriteMode.OPTIMISTIC)
              .allowedClasses("com.example.*")
              .unreadableAttributePolicy(UnreadableAttributePolicy.FAIL)
              .compressionThreshold(2048)
              .keyPrefix("s:")
              .consistentReads(true)
              .principalIndexName("by-principal");
      Map<String, Runnable> again = new LinkedHashMap<>();
      again.put("clock", () -> b.clock(Clock.systemUTC()));
      again.put(
          "defaultMaxInactiveInterval", () -> b.defaultMaxInactiveInterval(Duration.ofHours(1)));
      again.put("touchInterval", () -> b.touchInterval(Duration.ZERO));
      again.put("strictTouch", () -> b.strictTouch(true));
      again.put("writeMode", () -> b.writeMode(SessionWriteMode.LAST_WRITER_WINS));
      again.put("allowedClasses", () -> b.allowedClasses("com.other.*"));
      again.put(
          "unreadableAttributePolicy",
          () -> b.unreadableAttributePolicy(UnreadableAttributePolicy.DROP_SESSION));
      again.put("compressionThreshold", () -> b.compressionThreshold(1));
      again.put("keyPrefix", () -> b.keyPrefix("t:"));
      again.put("consistentReads", () -> b.consistentReads(false));
      again.put("principalIndexName", () -> b.principalIndexName("other"));
      again.forEach(
          (option, setAgain) ->
              assertThatThrownBy(setAgain::run)
                  .as(option)
                  .isInstanceOf(IllegalStateException.class)
                  .hasMessageStartingWith(option + " was already set"));
      SessionStoreBuilder withCodec = SessionStore.inMemory().codec(AttributeCodec.json(List.of()));
      assertThatThrownBy(() -> withCodec.codec(AttributeCodec.json(List.of())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("codec was already set");
      // the first settings stand, and one builder builds several stores
      assertThat(b.build().defaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(10));
      assertThat(b.build()).isNotNull();
    }
  }

  @Test
  void anUnreadableValueLogsOneWarnPerReadWithoutItsValueAndGoesOnlyWithTheNextWrite() {
    Logger logger = (Logger) LoggerFactory.getLogger(AttributeDecoder.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      SessionStore writer =
          SessionStore.inMemory().allowedClasses("io.stickless.session.Cart").build();
      SessionStore reader =
          SessionStore.inMemory().sharingSessionsWith(writer).build(); // Cart not allowed
      StoredSession s = writer.createSession();
      s.setAttribute("cart", new Cart());
      s.setAttribute("user", "ann");
      writer.save(s);

      StoredSession first = reader.findById(s.getId());
      assertThat(first.getAttributeNames()).containsExactly("user");
      var before = reader.stats();
      reader.save(first); // read-only: writes nothing, the value stays
      assertThat(reader.stats().minus(before).usage().writeCalls()).isZero();
      assertThat(writer.findById(s.getId()).getAttribute("cart")).isInstanceOf(Cart.class);

      StoredSession second = reader.findById(s.getId());
      assertThat(second.getAttributeNames()).containsExactly("user");
      second.setAttribute("seen", true);
      reader.save(second); // a write of attributes takes the unreadable value along

      List<ILoggingEvent> warnings =
          appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
      assertThat(warnings).hasSize(2); // one per read
      assertThat(warnings.get(0).getFormattedMessage())
          .contains("'cart'")
          .contains("io.stickless.session.Cart")
          .doesNotContain(s.getId());
      assertThat(reader.stats().unreadableAttributes()).isEqualTo(2);
      assertThat(writer.findById(s.getId()).getAttributeNames())
          .containsExactlyInAnyOrder("user", "seen");
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void anEmptyPrincipalIsRefused() {
    StoredSession s = SessionStore.inMemory().build().createSession();
    assertThatThrownBy(() -> s.setPrincipal(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    s.setPrincipal(null);
    assertThat(s.getPrincipal()).isNull();
  }

  @Test
  void anEmptyAttributeNameIsRefused() {
    StoredSession s = SessionStore.inMemory().build().createSession();
    assertThatThrownBy(() -> s.setAttribute("", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> s.setAttribute(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
  }

  @Test
  void toStringNeverShowsTheIdOrValues() {
    SessionStore store = SessionStore.inMemory().build();
    StoredSession s = store.createSession();
    s.setAttribute("secret", "hunter2");
    assertThat(s.toString()).doesNotContain(s.getId()).doesNotContain("hunter2").contains("secret");
  }
}
