package io.stickless.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A plain Spring Boot app: the Stickless starter plus {@code stickless.table} (see {@code
 * application.properties}) put its sessions and its {@code @Cacheable} caches in DynamoDB, so any
 * number of copies can run behind a round-robin load balancer. Run one with {@code
 * stickless.endpoint} (or AWS credentials and region) set, or two at once with {@link TwoNodes}.
 */
@SpringBootApplication
@EnableCaching
public class DemoApplication {

  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
