package io.stickless.benchmarks.load;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * The app's outermost filter: sets the request's simulated time (from {@link
 * SimulatedClock#HEADER}) and its type for usage counting, on the thread the session filter and
 * servlet then run on.
 */
final class RequestScope implements Filter {

  private final SimulatedClock clock;
  private final UsageByType usage;

  RequestScope(SimulatedClock clock, UsageByType usage) {
    this.clock = clock;
    this.usage = usage;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String simulated = http.getHeader(SimulatedClock.HEADER);
    RequestType type = RequestType.ofPath(http.getRequestURI());
    try {
      if (simulated != null) {
        clock.enter(Long.parseLong(simulated));
      }
      if (type != null) {
        usage.enter(type);
      }
      chain.doFilter(request, response);
    } finally {
      usage.exit();
      clock.clear();
    }
  }
}
