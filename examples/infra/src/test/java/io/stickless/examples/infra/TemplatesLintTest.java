package io.stickless.examples.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lints every template with cfn-lint (npm, pinned in package-lock.json, installed by the build): no
 * critical finding and no warning. A deliberately broken template proves the linter can fail.
 */
class TemplatesLintTest {

  static Stream<Path> templates() throws IOException {
    return Templates.files().stream();
  }

  @ParameterizedTest
  @MethodSource("templates")
  void templateLintsClean(Path template) throws Exception {
    Lint lint = lint(template);

    assertThat(lint.output).as(lint.output).contains("0 crit", "0 warn", "Template valid!");
    assertThat(lint.exitCode).as(lint.output).isZero();
  }

  @Test
  void everyDeliverableTemplateIsLinted() throws IOException {
    assertThat(Templates.files())
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(
            "session-table.yaml",
            "session-table-principal-index.yaml",
            "mysfits.yaml",
            "dynamodb-endpoint.yaml");
  }

  @Test
  void aBrokenTemplateFailsTheLint() throws Exception {
    Lint lint = lint(Path.of("src/test/resources/broken-template.yaml"));

    assertThat(lint.exitCode).as(lint.output).isNotZero();
    assertThat(lint.output).contains("TimeToLive is not a valid property of AWS::DynamoDB::Table");
  }

  private record Lint(int exitCode, String output) {}

  private static Lint lint(Path template) throws IOException, InterruptedException {
    Path cli = Templates.dir().resolve("node_modules/cfn-lint/lib/index.js");
    assertThat(cli)
        .as("cfn-lint is installed by the build (npm ci in examples/infra); run ./mvnw verify")
        .exists();
    Process process =
        new ProcessBuilder(
                List.of(
                    System.getProperty("stickless.node", "node"),
                    cli.toString(),
                    "validate",
                    Templates.dir().resolve(template).toString()))
            .redirectErrorStream(true)
            .start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
    String text = new String(out, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
    return new Lint(process.exitValue(), text);
  }
}
