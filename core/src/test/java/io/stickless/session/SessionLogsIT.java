package io.stickless.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * docs/SECURITY.md promises that Stickless never logs a session id, the key derived from it, or an
 * attribute value, at any level: every Stickless logger at TRACE through the session store's paths
 * that log (a dropped write, an unreadable value, a touch, an id change, a refused save).
 */
@ExtendWith(LocalDynamoDbExtension.class)
class SessionLogsIT {

  private static final String VALUE = "VALUE-7f3a9c";

  private final Logger stickless = (Logger) LoggerFactory.getLogger("io.stickless");
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Level levelBefore;
  private boolean additiveBefore;

  @BeforeEach
  void everythingSticklessLogs() {
    levelBefore = stickless.getLevel();
    additiveBefore = stickless.isAdditive();
    stickless.setLevel(Level.TRACE);
    stickless.setAdditive(false); // kept in the list, not printed
    stickless.addAppender(logs);
    logs.start();
  }

  @AfterEach
  void restore() {
    stickless.detachAppender(logs);
    stickless.setAdditive(additiveBefore);
    stickless.setLevel(levelBefore);
  }

  @Test
  void noSessionIdKeyOrValueIsLoggedAtAnyLevel(TestTable table) {
    String name = table.createWithTutorialSchema();
    SessionStore writer =
        SessionStore.builder(table.client(), name)
            .allowedClasses("io.stickless.session.SessionLogsIT$Secret")
            .build();
    SessionStore reader = SessionStore.builder(table.client(), name).build();
    List<String> ids = new ArrayList<>();

    StoredSession s = writer.createSession();
    s.setAttribute("plain", VALUE);
    s.setAttribute("secret", new Secret(VALUE));
    writer.save(s);
    ids.add(s.getId());
    // a class the reader does not allow: dropped with a WARN
    StoredSession read = reader.findById(s.getId());
    assertThat(read.getAttribute("secret")).isNull();
    read.setAttribute("plain", VALUE + "-2");
    reader.save(read);
    ids.add(reader.changeSessionId(read));
    // a write to a session invalidated meanwhile: dropped with a DEBUG
    StoredSession stale = writer.findById(read.getId());
    writer.invalidate(writer.findById(read.getId()));
    stale.setAttribute("plain", VALUE + "-3");
    writer.save(stale);
    // too large: refused before any call
    StoredSession big = writer.createSession();
    byte[] noise = new byte[600 * 1024]; // random: deflating cannot shrink it below 400 KB
    new java.util.Random(13).nextBytes(noise);
    big.setAttribute("big", VALUE + java.util.Base64.getEncoder().encodeToString(noise));
    assertThatThrownBy(() -> writer.save(big)).isInstanceOf(SessionTooLargeException.class);
    ids.add(big.getId());
    assertThat(writer.findById(SessionIds.generate())).isNull();

    assertThat(logs.list).as("the paths above log").isNotEmpty();
    assertThat(logs.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .as("the unreadable value's WARN")
        .isNotEmpty();
    for (ILoggingEvent event : logs.list) {
      String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
      assertThat(text).doesNotContain(VALUE);
      for (String id : ids) {
        assertThat(text).doesNotContain(id).doesNotContain(SessionItems.hash(id));
      }
    }
  }

  private static String throwableText(IThrowableProxy t) {
    StringBuilder text = new StringBuilder();
    for (IThrowableProxy p = t; p != null; p = p.getCause()) {
      text.append(' ').append(p.getClassName()).append(": ").append(p.getMessage());
    }
    return text.toString();
  }

  /** A value of a class only the writer allows. */
  record Secret(String value) implements Serializable {}
}
