package io.stickless.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.session.SessionStore;
import io.stickless.session.StoredSession;
import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * {@code stickless.session.consistent-reads} in a real application context on dynalite: {@code
 * hinted} gives the store's sessions a read hint after each write, {@code always} (the default)
 * none.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class ConsistentReadsPropertyIT {

  private final WebApplicationContextRunner web;

  ConsistentReadsPropertyIT(LocalDynamoDb server, TestTable table) {
    table.createWithTutorialSchema();
    this.web =
        new WebApplicationContextRunner()
            .withConfiguration(SticklessAutoConfigurationTest.ALL)
            .withPropertyValues(
                "stickless.table=" + table.name(),
                "stickless.table-mode=none",
                "stickless.region=us-east-1",
                "stickless.endpoint=" + server.endpoint());
  }

  @Test
  void hintedGivesEveryWritingRequestAReadHint() {
    web.withPropertyValues("stickless.session.consistent-reads=hinted")
        .run(
            context -> {
              SessionStore store = context.getBean(SessionStore.class);
              StoredSession session = store.createSession();
              session.setAttribute("a", "b");
              store.save(session);
              assertThat(session.readHint()).isNotNull();
              assertThat(session.readHint().version()).isEqualTo(1);
              StoredSession read = store.findById(session.getId(), session.readHint());
              assertThat(read.getAttribute("a")).isEqualTo("b");
            });
  }

  @Test
  void alwaysIsTheDefaultAndGivesNoHint() {
    for (String property :
        new String[] {
          "stickless.session.enabled=true", "stickless.session.consistent-reads=ALWAYS"
        }) {
      web.withPropertyValues(property)
          .run(
              context -> {
                assertThat(
                        context
                            .getBean(SticklessProperties.class)
                            .getSession()
                            .getConsistentReads())
                    .isEqualTo(io.stickless.session.ConsistentReads.ALWAYS);
                SessionStore store = context.getBean(SessionStore.class);
                StoredSession session = store.createSession();
                session.setAttribute("a", "b");
                store.save(session);
                assertThat(session.readHint()).as(property).isNull();
              });
    }
  }

  @Test
  void anUnknownModeFailsStartUpNamingTheProperty() {
    web.withPropertyValues("stickless.session.consistent-reads=sometimes")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .hasStackTraceContaining("stickless.session.consistent-reads")
                    .hasStackTraceContaining("sometimes"));
  }
}
