package io.stickless.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Starts the server from a child JVM and checks the Node.js process dies with that JVM. */
class LocalDynamoDbProcessIT {

  @ParameterizedTest(name = "child JVM ends by {0}")
  @ValueSource(strings = {"close", "exit", "halt"})
  void noNodeProcessOutlivesTheJvm(String howTheJvmEnds) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-D"
                    + LocalDynamoDb.DIR_PROPERTY
                    + "="
                    + LocalDynamoDb.locateDynalite().getParent().getParent(),
                ChildJvm.class.getName(),
                howTheJvmEnds)
            .redirectErrorStream(true)
            .start();
    long nodePid;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      StringBuilder all = new StringBuilder();
      nodePid = -1;
      while ((line = out.readLine()) != null) {
        all.append(line).append('\n');
        if (line.startsWith("NODE_PID=")) {
          nodePid = Long.parseLong(line.substring("NODE_PID=".length()));
        }
      }
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(nodePid).as("child output:%n%s", all).isPositive();
    }
    long pid = nodePid;
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("node process %d after the JVM ended by %s", pid, howTheJvmEnds)
                    .isEmpty());
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.parent().map(pp -> pp.pid() == child.pid()).orElse(false))
                .toList())
        .isEqualTo(List.of());
  }

  /** The child: starts a server, proves it answers, prints the node pid and ends as told. */
  public static final class ChildJvm {
    public static void main(String[] args) {
      LocalDynamoDb server = LocalDynamoDb.start();
      server.client().listTables();
      System.out.println("NODE_PID=" + server.pid());
      System.out.flush();
      switch (args[0]) {
        case "close" -> server.close();
        case "exit" -> System.exit(0);
        case "halt" -> Runtime.getRuntime().halt(0); // no shutdown hooks: stdin closing must do it
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
  }
}
