package io.stickless.examples.modulepath;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link ModulePathApp} in its own JVM with every jar on the module path ({@code java -p ...
 * -m ...}), as a modular application would run: the Stickless modules' descriptors decide what
 * resolves, what is exported, which services are found and what Jackson may read.
 */
class ModulePathAppIT {

  private static final String MAIN =
      "io.stickless.examples.modulepath/io.stickless.examples.modulepath.ModulePathApp";

  @Test
  void cacheAndSessionFilterWorkForAnApplicationOnTheModulePath() throws Exception {
    String modulePath =
        System.getProperty("app.classes")
            + File.pathSeparator
            + Files.readString(Path.of(System.getProperty("app.module.path.file"))).trim();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    forward(command, "stickless.dynalite.dir");
    forward(command, "stickless.node");
    command.addAll(List.of("-p", modulePath, "-m", MAIN));
    Path log = Files.createTempFile("module-path-app", ".log");
    Process app =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited;
    try {
      exited = app.waitFor(120, TimeUnit.SECONDS);
    } finally {
      app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String output = read(log);

    assertThat(exited).as("app finished within 120 s; output:%n%s", output).isTrue();
    assertThat(app.exitValue()).as("exit code; output:%n%s", output).isZero();
    assertThat(output)
        .as("the Stickless jars are named modules exporting their API packages only")
        .contains("modules: io.stickless.core io.stickless.servlet")
        .contains(
            "core exports: io.stickless io.stickless.cache io.stickless.session io.stickless.table\n")
        .contains("servlet exports: io.stickless.servlet\n");
    assertThat(output)
        .as("the JSON-cached record read back from DynamoDB by a second cache")
        .contains("cache: Greeting[language=en, text=hello]");
    assertThat(output)
        .as("three requests of one visitor, the count kept in one DynamoDB session")
        .contains("visits: 200:1 200:2 200:3")
        .contains("session items: 1");
  }

  private static void forward(List<String> command, String property) {
    String value = System.getProperty(property);
    if (value != null) {
      command.add("-D" + property + "=" + value);
    }
  }

  private static String read(Path log) throws IOException {
    try {
      return Files.readString(log, StandardCharsets.UTF_8).replace("\r\n", "\n");
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
