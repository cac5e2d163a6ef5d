package io.stickless.servlet;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What the filter logs (its one logger category, {@link SessionFilter}), captured for the fault
 * tests' "one WARN per outage, one INFO on recovery".
 */
final class FilterLogs implements AutoCloseable {

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger filterLogger = (Logger) LoggerFactory.getLogger(SessionFilter.class);

  FilterLogs() {
    filterLogger.addAppender(logs);
    logs.start();
  }

  void clear() {
    synchronized (logs.list) {
      logs.list.clear();
    }
  }

  List<ILoggingEvent> warnings() {
    return events(Level.WARN, "");
  }

  List<ILoggingEvent> infos(String containing) {
    return events(Level.INFO, containing);
  }

  private List<ILoggingEvent> events(Level level, String containing) {
    synchronized (logs.list) {
      return logs.list.stream()
          .filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(containing))
          .toList();
    }
  }

  @Override
  public void close() {
    filterLogger.detachAppender(logs);
  }

  /** Holds an injected fault open for real time: the SDK's timeouts run on the real clock. */
  static void holdFault(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
