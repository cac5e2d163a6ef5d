package io.stickless.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stickless.testing.LocalDynamoDbExtension;
import io.stickless.testing.TestTable;
import jakarta.servlet.ServletContainerInitializer;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The two no-code ways in, in Tomcat: the initializer found through {@code META-INF/services}
 * registering the filter from a context parameter, and a {@code web.xml}-style declaration of the
 * filter class with init parameters. Both build their own DynamoDB client from the settings.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class SticklessServletContainerInitializerIT {

  private static LocalCredentials credentials;

  @BeforeAll
  static void credentialsForTheFiltersOwnClient() {
    credentials = new LocalCredentials();
  }

  @AfterAll
  static void restoreCredentials() {
    credentials.close();
  }

  @Test
  void theInitializerIsListedForServiceLoader() {
    assertThat(ServiceLoader.load(ServletContainerInitializer.class).stream())
        .anyMatch(p -> p.type() == SticklessServletContainerInitializer.class);
  }

  @Test
  void aContextParameterNamingTheTableIsEnoughToGetSharedSessions(TestTable table)
      throws Exception {
    ServletContainerInitializer discovered =
        ServiceLoader.load(ServletContainerInitializer.class).stream()
            .filter(p -> p.type() == SticklessServletContainerInitializer.class)
            .findFirst()
            .orElseThrow()
            .get();
    String counter = "created-" + java.util.UUID.randomUUID();
    Map<String, String> params =
        Map.of(
            "stickless.table",
            table.name(),
            "stickless.endpoint",
            table.server().endpoint().toString(),
            "stickless.table-mode",
            "CREATE",
            "stickless.cookie-name",
            "SID",
            "stickless.listeners",
            CountingListener.class.getName(),
            CountingListener.COUNTER_PARAM,
            counter);
    ServletContainerInitializer app =
        (classes, context) -> {
          context.setSessionTimeout(7); // what <session-timeout>7</session-timeout> does
          discovered.onStartup(classes, context);
          TestApp.addServlet(context);
        };
    try (AppNode a = TomcatNode.start(app, params);
        AppNode b = TomcatNode.start(app, params)) {
      Browser browser = new Browser("SID");

      Browser.Reply set = browser.get(a, "/set?name=color&value=blue");

      assertThat(set.sessionCookieHeader("SID")).isNotNull();
      assertThat(browser.get(b, "/get?name=color").body()).isEqualTo("blue");
      assertThat(browser.get(a, "/info").body()).contains("maxInactive=420");
      assertThat(CountingListener.created(counter)).isEqualTo(1);
      assertThat(table.client().describeTable(r -> r.tableName(table.name())).table().tableName())
          .isEqualTo(table.name());
    }
  }

  @Test
  void withoutATableTheInitializerRegistersNothing() throws Exception {
    try (AppNode node =
        TomcatNode.start(
            (classes, context) -> {
              new SticklessServletContainerInitializer().onStartup(classes, context);
              assertThat(context.getFilterRegistrations()).isEmpty();
              TestApp.addServlet(context);
            },
            Map.of())) {
      Browser browser = new Browser();
      assertThat(browser.get(node, "/none").status()).isEqualTo(200);
    }
  }

  @Test
  void aWebXmlDeclarationConfiguresTheFilterFromItsInitParameters(TestTable table)
      throws Exception {
    table.createWithTutorialSchema();
    Tomcat tomcat = new Tomcat();
    java.nio.file.Path base = java.nio.file.Files.createTempDirectory("stickless-webxml");
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    // what <filter> and <filter-mapping> in web.xml become
    FilterDef def = new FilterDef();
    def.setFilterName("sessions");
    def.setFilterClass(SessionFilter.class.getName());
    def.setAsyncSupported("true");
    def.addInitParameter("table", table.name());
    def.addInitParameter("endpoint", table.server().endpoint().toString());
    def.addInitParameter("header-name", "X-Auth-Token");
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("sessions");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    context.addServletContainerInitializer((c, ctx) -> TestApp.addServlet(ctx), null);
    tomcat.start();
    try {
      AppNode node =
          new AppNode() {
            @Override
            public int port() {
              return connector.getLocalPort();
            }

            @Override
            public void close() {}
          };
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      var first =
          client.send(
              java.net.http.HttpRequest.newBuilder(node.uri("/set?name=color&value=red"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      String token = first.headers().firstValue("X-Auth-Token").orElseThrow();
      var second =
          client.send(
              java.net.http.HttpRequest.newBuilder(node.uri("/get?name=color"))
                  .timeout(Duration.ofSeconds(30))
                  .header("X-Auth-Token", token)
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());

      assertThat(first.headers().allValues("Set-Cookie")).isEmpty();
      assertThat(second.body()).isEqualTo("red");
    } finally {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  @Test
  void aMissingTableInValidateModeStopsTheFilterWithAMessageSayingWhatToDo(
      io.stickless.testing.LocalDynamoDb server) {
    String missing = io.stickless.testing.LocalDynamoDb.uniqueTableName("missing");
    SessionFilter filter = new SessionFilter();
    jakarta.servlet.FilterConfig config =
        filterConfig(Map.of("table", missing, "endpoint", server.endpoint().toString()));

    assertThatThrownBy(() -> filter.init(config))
        .isInstanceOf(jakarta.servlet.ServletException.class)
        .hasMessageContaining("'" + missing + "' does not exist")
        .hasMessageContaining("table-mode");
  }

  @Test
  void noTableAndNoStoreStopsTheFilterNamingTheSetting() {
    SessionFilter filter = new SessionFilter();

    assertThatThrownBy(() -> filter.init(filterConfig(Map.of())))
        .isInstanceOf(jakarta.servlet.ServletException.class)
        .hasMessageContaining("stickless.table")
        .hasMessageContaining("STICKLESS_TABLE");
  }

  /**
   * A listener named by class in the {@code listeners} setting (so the container makes it, and a
   * test cannot hand it an instance): counts per the counter its context names, so tests never
   * share a count.
   */
  public static final class CountingListener implements jakarta.servlet.http.HttpSessionListener {
    static final String COUNTER_PARAM = "test.created-counter";
    private static final Map<String, java.util.concurrent.atomic.AtomicInteger> CREATED =
        new java.util.concurrent.ConcurrentHashMap<>();

    static int created(String counter) {
      java.util.concurrent.atomic.AtomicInteger count = CREATED.get(counter);
      return count == null ? 0 : count.get();
    }

    @Override
    public void sessionCreated(jakarta.servlet.http.HttpSessionEvent se) {
      String counter = se.getSession().getServletContext().getInitParameter(COUNTER_PARAM);
      CREATED
          .computeIfAbsent(
              String.valueOf(counter), c -> new java.util.concurrent.atomic.AtomicInteger())
          .incrementAndGet();
    }
  }

  private static jakarta.servlet.FilterConfig filterConfig(Map<String, String> initParams) {
    jakarta.servlet.ServletContext context =
        (jakarta.servlet.ServletContext)
            java.lang.reflect.Proxy.newProxyInstance(
                SticklessServletContainerInitializerIT.class.getClassLoader(),
                new Class<?>[] {jakarta.servlet.ServletContext.class},
                (p, m, a) ->
                    switch (m.getName()) {
                      case "getSessionTimeout" -> 30;
                      case "getContextPath" -> "";
                      default -> null;
                    });
    return new jakarta.servlet.FilterConfig() {
      @Override
      public String getFilterName() {
        return "sessions";
      }

      @Override
      public jakarta.servlet.ServletContext getServletContext() {
        return context;
      }

      @Override
      public String getInitParameter(String name) {
        return initParams.get(name);
      }

      @Override
      public java.util.Enumeration<String> getInitParameterNames() {
        return java.util.Collections.enumeration(initParams.keySet());
      }
    };
  }
}
