package io.stickless.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.servlet.SessionFilter;
import io.stickless.servlet.SticklessServletContainerInitializer;
import io.stickless.testing.LocalDynamoDb;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.context.WebApplicationContext;

/**
 * A Boot application in a container that also runs Stickless's ServletContainerInitializer with a
 * table named in the context (as a WAR deployment with STICKLESS_TABLE set would): exactly one
 * session filter, the starter's.
 */
class WarDeploymentIT {

  static final AtomicBoolean INITIALIZER_RAN = new AtomicBoolean();

  @Test
  void theInitializerAndTheStarterRegisterOneFilter() {
    LocalDynamoDb server = LocalDynamoDb.shared();
    String table = LocalDynamoDb.uniqueTableName("war");
    try (Nodes nodes = new Nodes()) {
      ConfigurableApplicationContext context =
          nodes.start(WarApp.class, server, table, "stickless.table-mode=create");
      ServletContext servletContext = ((WebApplicationContext) context).getServletContext();

      List<? extends FilterRegistration> sessionFilters =
          servletContext.getFilterRegistrations().values().stream()
              .filter(r -> SessionFilter.class.getName().equals(r.getClassName()))
              .toList();
      assertThat(sessionFilters).hasSize(1);
      assertThat(sessionFilters.get(0).getName())
          .isEqualTo(SticklessServletContainerInitializer.FILTER_NAME);
      assertThat(servletContext.getInitParameter("stickless.table")).isEqualTo(table);
      assertThat(INITIALIZER_RAN).isTrue();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class WarApp {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> runTheInitializer(
        org.springframework.core.env.Environment environment) {
      String table = environment.getRequiredProperty("stickless.table");
      return factory ->
          factory.addContextCustomizers(
              context -> {
                context.addParameter("stickless.table", table);
                context.addServletContainerInitializer(
                    (classes, servletContext) -> {
                      INITIALIZER_RAN.set(true);
                      new SticklessServletContainerInitializer().onStartup(classes, servletContext);
                    },
                    null);
              });
    }
  }
}
