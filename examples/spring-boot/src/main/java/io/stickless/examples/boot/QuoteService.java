package io.stickless.examples.boot;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** A slow computation worth caching: computed once for the whole cluster per quote name. */
@Service
public class QuoteService {

  private final AtomicInteger computations = new AtomicInteger();
  private final String node;

  QuoteService(@Value("${demo.node:${server.port}}") String node) {
    this.node = node;
  }

  @Cacheable("quotes")
  public String quote(String name) {
    return "Quote of "
        + name
        + ", computed on "
        + node
        + " (#"
        + computations.incrementAndGet()
        + ")";
  }

  @CacheEvict(cacheNames = "quotes", allEntries = true)
  public void forgetAll() {}
}
