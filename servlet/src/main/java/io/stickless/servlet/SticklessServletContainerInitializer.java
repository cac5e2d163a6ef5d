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
 * jar. Nothing happens when no table is named, or when {@code web.xml} already declares a {@link
 * SessionFilter}.
 */
public final class SticklessServletContainerInitializer implements ServletContainerInitializer {

  /** The name the filter is registered under. */
  public static final String FILTER_NAME = "sticklessSessionFilter";

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
}
