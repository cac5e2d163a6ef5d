package io.stickless.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark app in a JVM of its own (same class path), so the process CPU it reports is the
 * app's alone: the driver, dynalite and the build run elsewhere.
 */
final class ChildApp implements AutoCloseable {

  private final Process process;
  private final URI uri;

  private ChildApp(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  static ChildApp start(BenchApp.Config config, List<String> jvmOptions) throws IOException {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(javaBin);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchApp.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(config.asEnvironment());
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("listening on ")) {
        int port = Integer.parseInt(line.substring("listening on ".length()).trim());
        Thread drain =
            new Thread(
                () -> {
                  try {
                    out.transferTo(java.io.Writer.nullWriter());
                  } catch (IOException ignored) {
                    // the app has exited
                  }
                },
                "bench-app-output");
        drain.setDaemon(true);
        drain.start();
        return new ChildApp(process, URI.create("http://127.0.0.1:" + port));
      }
      seen.add(line);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the benchmark app did not start:\n" + String.join("\n", seen));
  }

  URI uri() {
    return uri;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
