package io.stickless.spring;

import io.stickless.session.SessionStoreBuilder;

/**
 * Changes the auto-configured session store's builder (a {@link SessionStoreBuilder}) before it
 * builds, for what the {@code stickless.session.*} properties do not cover (a JSON attribute codec,
 * a clock, a key prefix). Every bean of this type is applied, in {@code @Order}. Options the
 * properties already set on the builder may be set again.
 *
 * <pre>{@code
 * @Bean
 * SessionStoreCustomizer jsonSessions(ObjectMapper mapper) {
 *   return builder -> builder.codec(AttributeCodec.json(mapper));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SessionStoreCustomizer {

  /** Changes the builder. */
  void customize(SessionStoreBuilder builder);
}
