package io.stickless.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers {@link SessionFilter} with no code and no {@code web.xml} entry: when the application
 * starts and a session table is named, by the context parameter {@code stickless.table}, the system
 * property {@code stickless.table} or the environment variable {@code STICKLESS_TABLE}, the filter
 * is added before every other filter, on {@code /*}, for all dispatcher types, with async support.
 * It then reads its other settings from the same places.
 *
 * <pre>{@code
 * java -Dstickless.table=app-sessions -Dstickless.region=eu-west-1 -jar app.jar
 * }</pre>
 *
 * <p>The container finds this class through {@code
 * META-INF/services/jakarta.servlet.ServletContainerInitializer} in the {@code stickless-servlet}
 * jar. Nothing happens when no table is named, when {@code web.xml} (or anything else) already
 * registered a {@link SessionFilter}, or when the Stickless Spring Boot starter is on the class
 * path: a Spring Boot WAR registers the filter through its auto-configuration, configured by {@code
 * stickless.*} Spring properties, and must not get a second one from here.
 */
public final class SticklessServletContainerInitializer implements ServletContainerInitializer {

  /** The name the filter is registered under (by the Spring Boot starter too). */
  public static final String FILTER_NAME = "sticklessSessionFilter";

  /** A class of the Spring Boot starter: when present, the starter registers the filter. */
  static final String STARTER_CLASS = "io.stickless.spring.SticklessSessionAutoConfiguration";

  private static final Logger log =
      LoggerFactory.getLogger(SticklessServletContainerInitializer.class);

  /** Public for {@link java.util.ServiceLoader}. */
  public SticklessServletContainerInitializer() {}

  @Override
  public void onStartup(@Nullable Set<Class<?>> classes, ServletContext context) {
    Settings settings = Settings.of(context);
    if (settings.get(Settings.Key.TABLE) == null) {
      log.debug("No Stickless table named; not registering the session filter");
      return;
    }
    if (starterPresent(context.getClassLoader())) {
      log.info(
          "The Stickless Spring Boot starter is on the class path and registers the session"
              + " filter; the initializer does not register a second one");
      return;
    }
    for (FilterRegistration existing : context.getFilterRegistrations().values()) {
      if (SessionFilter.class.getName().equals(existing.getClassName())) {
        log.info(
            "SessionFilter already declared as '{}'; not registering a second one",
            existing.getName());
        return;
      }
    }
    FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, SessionFilter.class);
    if (registration == null) {
      log.info(
          "A filter named '{}' already exists; not registering the session filter", FILTER_NAME);
      return;
    }
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
    log.info("Registered the Stickless session filter on /*");
  }

  static boolean starterPresent(@Nullable ClassLoader loader) {
    try {
      Class.forName(
          STARTER_CLASS,
          false,
          loader != null ? loader : SticklessServletContainerInitializer.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
