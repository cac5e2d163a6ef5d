package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.stickless.BackendUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
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
      DynamoDbSessionStore store = DynamoDbSessionStore.builder(client, "app-table").build();
      assertThat(store.defaultMaxInactiveInterval()).isEqualTo(Duration.ofMinutes(30));
      assertThat(store.tableName()).isEqualTo("app-table");
      assertThat(store.stats().usage().totalCalls()).isZero();
    }
  }

  @Test
  void anUnreachableTableSurfacesAsBackendUnavailable() {
    try (DynamoDbClient client = unusedClient()) {
      DynamoDbSessionStore store = DynamoDbSessionStore.builder(client, "app-table").build();
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
      assertThatThrownBy(() -> DynamoDbSessionStore.builder(client, "a b").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'a b'");
      assertThatThrownBy(() -> DynamoDbSessionStore.builder(client, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("tableName");
      DynamoDbSessionStore.Builder b = DynamoDbSessionStore.builder(client, "app-table");
      assertThatThrownBy(() -> b.defaultMaxInactiveInterval(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("PT0S");
      assertThatThrownBy(() -> b.touchInterval(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("strictTouch");
      assertThatThrownBy(() -> b.compressionThreshold(-1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> b.keyAttribute(" ")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> b.allowedClasses("**")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> b.principalIndexName(""))
          .isInstanceOf(IllegalArgumentException.class);

      assertThatThrownBy(
              () ->
                  DynamoDbSessionStore.builder(client, "app-table")
                      .touchInterval(Duration.ofHours(1))
                      .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("touchInterval");
      assertThatThrownBy(
              () ->
                  DynamoDbSessionStore.builder(client, "app-table")
                      .allowedClasses("com.example.*")
                      .codec(AttributeCodec.json(List.of()))
                      .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("allowedClasses");
      assertThatThrownBy(
              () -> DynamoDbSessionStore.builder(client, "app-table").keyAttribute("ttl").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("must differ");
    }
  }

  @Test
  void anUnreadableValueLogsOneWarnPerReadWithoutItsValueAndGoesOnlyWithTheNextWrite() {
    Logger logger = (Logger) LoggerFactory.getLogger(SessionEngine.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      InMemorySessionStore writer =
          InMemorySessionStore.builder().allowedClasses("io.stickless.session.Cart").build();
      InMemorySessionStore reader =
          InMemorySessionStore.builder().sharingSessionsWith(writer).build(); // Cart not allowed
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
    StoredSession s = InMemorySessionStore.builder().build().createSession();
    assertThatThrownBy(() -> s.setPrincipal(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    s.setPrincipal(null);
    assertThat(s.getPrincipal()).isNull();
  }

  @Test
  void anEmptyAttributeNameIsRefused() {
    StoredSession s = InMemorySessionStore.builder().build().createSession();
    assertThatThrownBy(() -> s.setAttribute("", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> s.setAttribute(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
  }

  @Test
  void toStringNeverShowsTheIdOrValues() {
    InMemorySessionStore store = InMemorySessionStore.builder().build();
    StoredSession s = store.createSession();
    s.setAttribute("secret", "hunter2");
    assertThat(s.toString()).doesNotContain(s.getId()).doesNotContain("hunter2").contains("secret");
  }
}
