package io.stickless.examples.gallery;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Outermost filter: opens this request's {@link RequestCost} before the session filter runs, so the
 * session's own DynamoDB calls are counted too.
 */
final class CostFilter implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    RequestCost.begin();
    try {
      chain.doFilter(request, response);
    } finally {
      RequestCost.end();
    }
  }
}
