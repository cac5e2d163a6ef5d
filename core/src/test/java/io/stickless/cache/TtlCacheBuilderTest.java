package io.stickless.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class TtlCacheBuilderTest {

  // never called: building a cache makes no call
  private final DynamoDbClient client =
      DynamoDbClient.builder()
          .endpointOverride(URI.create("http://127.0.0.1:9"))
          .region(Region.US_EAST_1)
          .credentialsProvider(AnonymousCredentialsProvider.create())
          .build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void buildingWithDefaultsMakesAStringCache() {
    TtlCache<String, String> cache = TtlCache.builder(client, "app-cache").build();

    assertThat(cache.toString()).contains("name=default", "table=app-cache", "nearCache=false");
    assertThat(cache.stats().dynamoDbUsage().totalCalls()).isZero();
  }

  @Test
  void aNullClientOrBadTableNameIsRefused() {
    assertThatThrownBy(() -> TtlCache.builder(null, "t"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dynamoDb");
    assertThatThrownBy(() -> TtlCache.builder(client, "no spaces allowed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no spaces allowed'");
  }

  @Test
  void aCacheNameMustBeAPlainWord() {
    assertThatThrownBy(() -> TtlCache.inMemory().name("a:b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a:b'");
    assertThatThrownBy(() -> TtlCache.inMemory().name(""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachOptionCanBeSetOnlyOnce() {
    TtlCacheBuilder<String, String> builder = TtlCache.inMemory().defaultTtl(Duration.ofMinutes(1));

    assertThatThrownBy(() -> builder.defaultTtl(Duration.ofMinutes(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("defaultTtl was already set");
  }

  @Test
  void ttlsAndNearCacheSettingsMustBePositive() {
    assertThatThrownBy(() -> TtlCache.inMemory().defaultTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> TtlCache.inMemory().nearCache(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries");
    assertThatThrownBy(() -> TtlCache.inMemory().nearCache(10, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxStaleness");
    assertThatThrownBy(() -> TtlCache.inMemory().compressionThreshold(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void attributeNamesMustNotClash() {
    assertThatThrownBy(() -> TtlCache.inMemory().ttlAttribute("v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clashes");
    assertThatThrownBy(() -> TtlCache.inMemory().keyAttribute(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TtlCache.inMemory().keyAttribute("id").ttlAttribute("id").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'id'");
  }

  @Test
  void everyAttributeTheCacheWritesIsReservedForKeyAndTtlAttribute() {
    // keyAttribute("nonce") used to make putIfAbsent write its nonce over the item's key
    for (String reserved : List.of("v", "n", "nonce")) {
      assertThatThrownBy(() -> TtlCache.inMemory().keyAttribute(reserved))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("keyAttribute '" + reserved + "'")
          .hasMessageContaining("n, nonce, v")
          .hasMessageContaining("choose another name");
      assertThatThrownBy(() -> TtlCache.builder(client, "app-cache").ttlAttribute(reserved))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ttlAttribute '" + reserved + "'");
    }
    assertThat(CacheItems.RESERVED_ATTRIBUTES)
        .containsExactlyInAnyOrder(CacheItems.VALUE, CacheItems.COUNTER, CacheItems.NONCE);
  }

  @Test
  void aNearCacheIsBuiltOnlyWhenAsked() {
    TtlCache<String, String> cache =
        TtlCache.builder(client, "app-cache").nearCache(100, Duration.ofSeconds(1)).build();

    assertThat(cache.toString()).contains("nearCache=true");
  }

  @Test
  void codecsChangeTheBuildersTypes() {
    TtlCache<Integer, byte[]> cache =
        TtlCache.inMemory()
            .keyCodec(KeyCodec.<Integer>usingToString())
            .valueCodec(ValueCodec.bytes())
            .build();

    cache.put(42, new byte[] {1, 2, 3});

    assertThat(cache.getIfPresent(42)).containsExactly(1, 2, 3);
  }
}
