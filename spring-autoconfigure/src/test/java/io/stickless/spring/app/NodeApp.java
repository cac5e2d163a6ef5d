package io.stickless.spring.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** One node of the two-node tests: form login, one session per user, a cached greeting. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableCaching
@EnableWebSecurity
@Import({NodeApp.Greetings.class, NodeApp.Pages.class})
public class NodeApp {

  /** Greeting computations, across every node of the JVM (the nodes share one table). */
  public static final AtomicInteger COMPUTATIONS = new AtomicInteger();

  @Bean
  SecurityFilterChain security(HttpSecurity http, SessionRegistry sessions) throws Exception {
    http.authorizeHttpRequests(
            a ->
                a.requestMatchers("/login", "/csrf", "/greeting/**", "/evict", "/actuator/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(f -> f.defaultSuccessUrl("/me", true))
        .sessionManagement(s -> s.maximumSessions(1).sessionRegistry(sessions));
    return http.build();
  }

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}secret").roles("USER").build());
  }

  @Service
  public static class Greetings {
    @Cacheable("greetings")
    public String greet(String name) {
      return "hello " + name + " #" + COMPUTATIONS.incrementAndGet();
    }

    @CacheEvict(cacheNames = "greetings", allEntries = true)
    public void forgetAll() {}
  }

  @RestController
  public static class Pages {
    private final Greetings greetings;

    Pages(Greetings greetings) {
      this.greetings = greetings;
    }

    @GetMapping("/me")
    String me(Authentication authentication) {
      return authentication.getName();
    }

    @GetMapping("/csrf")
    String csrf(CsrfToken token) {
      return token.getToken();
    }

    @GetMapping("/greeting/{name}")
    String greeting(@PathVariable String name) {
      return greetings.greet(name);
    }

    @PostMapping("/evict")
    String evict() {
      greetings.forgetAll();
      return "evicted";
    }
  }
}
