package io.stickless.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickless.cache.TtlCache;
import io.stickless.session.SessionStore;
import io.stickless.session.StoredSession;
import org.junit.jupiter.api.Test;

class MetricsTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void sessionMetersCountWhatTheStoreDid() {
    SessionStore store = SessionStore.inMemory().build();
    new SessionStoreMetrics(store, Tags.of("app", "demo")).bindTo(registry);

    StoredSession session = store.createSession();
    session.setAttribute("a", "1");
    store.save(session);
    StoredSession again = store.findById(session.getId());
    again.setAttribute("a", "2");
    store.save(again);
    store.deleteById(session.getId());
    store.findById("not-an-id");
    System.gc(); // the meters must not depend on objects only they hold (Micrometer holds weakly)

    assertThat(count("stickless.sessions.created")).isEqualTo(1);
    assertThat(count("stickless.sessions.attribute.writes")).isEqualTo(1);
    assertThat(count("stickless.sessions.malformed.ids")).isEqualTo(1);
    assertThat(count("stickless.sessions.invalidated")).isEqualTo(1);
    assertThat(
            registry
                .get("stickless.dynamodb.calls")
                .tags("component", "sessions", "operation", "delete_item", "app", "demo")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("stickless.dynamodb.capacity.units")
                .tags("kind", "write")
                .functionCounter()
                .count())
        .isPositive();
  }

  @Test
  void cacheMetersAreMicrometersStandardCacheMeters() {
    TtlCache<String, String> cache = TtlCache.inMemory().name("profiles").build();
    new TtlCacheMetrics<>(cache, "profiles", Tags.empty()).bindTo(registry);

    cache.put("k", "v");
    cache.getIfPresent("k");
    cache.getIfPresent("absent");
    cache.get("loaded", k -> "x");

    assertThat(
            registry
                .get("cache.gets")
                .tags("cache", "profiles", "result", "hit")
                .functionCounter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("cache.gets").tags("result", "miss").functionCounter().count())
        .isEqualTo(2);
    assertThat(registry.get("cache.loads").tags("result", "success").functionCounter().count())
        .isEqualTo(1);
    assertThat(registry.find("cache.size").gauge()).isNull();
  }

  @Test
  void itemSizesOfAnInMemoryStoreAreRecordedInEveryRegistryBoundEvenLater() {
    ItemSizeMetrics sizes = new ItemSizeMetrics(Tags.empty());
    sizes.bindTo(registry);
    sizes.bindTo(registry); // twice: still one record per write
    SessionStore store =
        SessionStore.inMemory()
            .addItemSizeListener(sizes.sessions())
            .addItemSizeListener(
                bytes -> {
                  throw new IllegalStateException("a broken listener must not fail the save");
                })
            .build();

    StoredSession session = store.createSession();
    session.setAttribute("a", "x".repeat(500));
    store.save(session);
    SimpleMeterRegistry later = new SimpleMeterRegistry();
    sizes.bindTo(later);
    StoredSession again = store.findById(session.getId());
    again.removeAttribute("a");
    store.save(again);
    store.save(store.findById(session.getId())); // nothing changed: nothing written

    var first = registry.get("stickless.sessions.item.size").summary();
    assertThat(first.count()).isEqualTo(2);
    assertThat(first.max()).isGreaterThan(500); // the first item held the 500-character value
    assertThat(first.totalAmount() - first.max()).isLessThan(500).isPositive();
    assertThat(later.get("stickless.sessions.item.size").summary().count()).isEqualTo(1);

    TtlCache<String, String> cache =
        TtlCache.inMemory().name("prices").addItemSizeListener(sizes.cache("prices")).build();
    cache.put("k", "v");
    cache.increment("counter", 1, java.time.Duration.ofMinutes(1)); // a counter is no entry
    assertThat(
            later
                .get("stickless.cache.item.size")
                .tags("cache", "prices", "component", "cache")
                .summary()
                .count())
        .isEqualTo(1);
  }

  private double count(String name) {
    return registry.get(name).tags("component", "sessions").functionCounter().count();
  }
}
