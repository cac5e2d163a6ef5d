package io.stickless.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stickless.cache.TtlCache;
import io.stickless.micrometer.ItemSizeMetrics;
import io.stickless.micrometer.SessionStoreMetrics;
import io.stickless.micrometer.TtlCacheMetrics;
import io.stickless.servlet.SessionFilter;
import io.stickless.servlet.SessionFilterMetrics;
import io.stickless.session.SessionStore;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import tools.jackson.databind.JsonNode;

/**
 * The generated metadata and docs/spring-boot.md against the code: the metadata describes every
 * property {@link SticklessProperties} has (found by introspection, not listed here), the page's
 * property table lists every property of the metadata, and its meter table lists every meter the
 * binders register — no more, no fewer.
 */
class DocumentationTest {

  /** Properties declared by hand (additional-spring-configuration-metadata.json). */
  static final Set<String> DECLARED_BY_HAND = Set.of("management.health.stickless.enabled");

  static final Path PAGE = Path.of("..", "docs", "spring-boot.md");

  @Test
  void theMetadataDescribesEveryPropertyOfTheCode() throws IOException {
    JsonNode metadata = metadata();
    Set<String> inMetadata = new TreeSet<>();
    for (JsonNode property : metadata.get("properties")) {
      String name = property.get("name").asString();
      inMetadata.add(name);
      String description = property.path("description").asString();
      assertThat(description).as("description of %s", name).isNotBlank();
      if (property.path("type").asString().equals("java.lang.Boolean")
          || property.path("type").asString().equals("boolean")) {
        assertThat(description).as("description of %s", name).startsWith("Whether");
      }
    }
    Set<String> expected = new TreeSet<>(DECLARED_BY_HAND);
    collect("stickless", SticklessProperties.class, expected);
    assertThat(expected).hasSizeGreaterThan(30); // the introspection found the nested groups
    assertThat(inMetadata).isEqualTo(expected);
  }

  @Test
  void thePageListsEveryPropertyOfTheMetadata() throws IOException {
    Set<String> inMetadata = new TreeSet<>();
    metadata().get("properties").forEach(p -> inMetadata.add(p.get("name").asString()));
    // a map's row names its key: stickless.cache.time-to-live-per-cache.<name>
    assertThat(firstColumn("## Properties", "(\\.<name>)?")).isEqualTo(inMetadata);
  }

  @Test
  void thePageListsEveryMeterTheBindersRegister() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SessionStore store = SessionStore.inMemory().build();
    new SessionStoreMetrics(store, Tags.empty()).bindTo(registry);
    new TtlCacheMetrics<>(TtlCache.inMemory().name("c").build(), "c", Tags.empty())
        .bindTo(registry);
    new SessionFilterMetrics(SessionFilter.builder(store).build(), Tags.empty()).bindTo(registry);
    ItemSizeMetrics sizes = new ItemSizeMetrics(Tags.empty());
    sizes.sessions();
    sizes.cache("c");
    sizes.bindTo(registry);
    Set<String> registered =
        registry.getMeters().stream()
            .map(Meter::getId)
            .map(Meter.Id::getName)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(registered).hasSizeGreaterThan(15);
    assertThat(firstColumn("## Health and meters", "")).isEqualTo(registered);
  }

  /** Names of the bindable properties of {@code type}, nested groups (our own classes) walked. */
  private static void collect(String prefix, Class<?> type, Set<String> names) {
    for (PropertyDescriptor p : BeanUtils.getPropertyDescriptors(type)) {
      if (p.getReadMethod() == null || p.getName().equals("class")) {
        continue;
      }
      String name = prefix + "." + kebab(p.getName());
      Class<?> valueType = p.getPropertyType();
      if (valueType.getName().startsWith(SticklessProperties.class.getName() + "$")) {
        collect(name, valueType, names);
      } else if (p.getWriteMethod() != null) {
        names.add(name);
      }
    }
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private JsonNode metadata() throws IOException {
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata on the class path").isNotNull();
      return new tools.jackson.databind.ObjectMapper().readTree(in);
    }
  }

  /**
   * The names in the first column of the tables of one section ({@code | `name` |}), without {@code
   * suffix}.
   */
  private static Set<String> firstColumn(String heading, String suffix) throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| `([a-z][a-z0-9.-]+)" + suffix + "` \\|")
            .matcher(section(heading));
    while (row.find()) {
      names.add(row.group(1));
    }
    return names;
  }

  /** The text of one "## " section of the page. */
  private static String section(String heading) throws IOException {
    String page = Files.readString(PAGE);
    int start = page.indexOf("\n" + heading + "\n");
    assertThat(start).as("%s in %s", heading, PAGE).isNotNegative();
    int end = page.indexOf("\n## ", start + heading.length() + 2);
    return page.substring(start, end < 0 ? page.length() : end);
  }
}
