package io.stickless.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.testing.LocalDynamoDb;
import jakarta.servlet.http.HttpSession;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A new Boot application needs the starter and {@code stickless.table} (plus {@code
 * stickless.table-mode=create} on a development machine): no Stickless code, no other Stickless
 * property. The only other one here, {@code stickless.endpoint}, points at the test's local
 * DynamoDB; the SDK's region then defaults, and its credentials come from the usual chain (system
 * properties set by the build).
 */
class MinimalAppIT {

  static final AtomicInteger COMPUTED = new AtomicInteger();

  @Test
  void theDependencyAndATableNameGiveSessionsAndCachesInTheTable() throws Exception {
    LocalDynamoDb server = LocalDynamoDb.shared();
    String table = LocalDynamoDb.uniqueTableName("minimal");
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(MinimalApp.class)
            .properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "stickless.table=" + table,
                "stickless.table-mode=create",
                "stickless.endpoint=" + server.endpoint())
            .run()) {
      int port = Nodes.port(app);
      Browser browser = new Browser();
      assertThat(browser.get(port, "/visits").body()).isEqualTo("1");
      assertThat(browser.session).isNotNull();
      assertThat(browser.get(port, "/visits").body()).isEqualTo("2");
      assertThat(browser.get(port, "/square/7").body()).isEqualTo("49");
      assertThat(browser.get(port, "/square/7").body()).isEqualTo("49");
      assertThat(COMPUTED.get()).isEqualTo(1);

      var keys =
          server.client().scan(b -> b.tableName(table).consistentRead(true)).items().stream()
              .map(item -> item.get("key").s())
              .toList();
      assertThat(keys).anyMatch(k -> k.startsWith("session:"));
      assertThat(keys).anyMatch(k -> k.startsWith("cache:squares:"));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableCaching
  @Import({MinimalApp.Squares.class, MinimalApp.Pages.class})
  static class MinimalApp {

    /** The test class path has Spring Security (for the other tests): let every request in. */
    @Bean
    SecurityFilterChain openToAll(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }

    @Service
    static class Squares {
      @Cacheable("squares")
      public String square(int n) {
        COMPUTED.incrementAndGet();
        return Integer.toString(n * n);
      }
    }

    @RestController
    static class Pages {
      private final Squares squares;

      Pages(Squares squares) {
        this.squares = squares;
      }

      @GetMapping("/visits")
      String visits(HttpSession session) {
        Integer visits = (Integer) session.getAttribute("visits");
        int next = visits == null ? 1 : visits + 1;
        session.setAttribute("visits", next);
        return Integer.toString(next);
      }

      @GetMapping("/square/{n}")
      String square(@PathVariable int n) {
        return squares.square(n);
      }
    }
  }
}
