package io.stickless.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's demo command runs this main: it must do what it says. */
class QuickDemoIT {

  @Test
  void demoCreatesTheTableAndReadsBackTheItemWithItsTtl() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      QuickDemo.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(output)
        .contains("Started the local DynamoDB (dynalite) at http://127.0.0.1:")
        .contains("Table 'stickless-demo' (hash key 'key' S, TTL attribute 'ttl'): CREATED")
        .contains("Read it back: v='Hello from Stickless', expires in 1800 s")
        .contains("Stopped the local DynamoDB. Done.");
  }
}
