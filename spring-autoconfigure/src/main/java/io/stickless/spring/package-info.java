/**
 * Spring Boot auto-configuration of Stickless: add {@code stickless-spring-boot-starter}, set
 * {@code stickless.table}, and every {@code HttpSession} lives in DynamoDB, {@code @Cacheable}
 * caches are {@link io.stickless.cache.TtlCache}s in the same table, Spring Security's login and
 * logout hold on every node, and a health indicator and Micrometer meters come with it. {@link
 * io.stickless.spring.SticklessProperties} lists the properties; {@code docs/spring-boot.md} the
 * whole story.
 */
@NullMarked
package io.stickless.spring;

import org.jspecify.annotations.NullMarked;
