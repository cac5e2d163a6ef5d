package io.stickless.examples.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

  @Test
  void noArgumentsMeanTwoNodesOnPort8080AndTheLocalDynamoDb() {
    DemoOptions options = DemoOptions.parse(new String[0], Map.of());
    assertThat(options.nodes()).isEqualTo(2);
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.table()).isEqualTo("stickless-gallery");
    assertThat(options.adminUser()).isEqualTo("admin");
    assertThat(options.adminPassword()).isNull();
    assertThat(options.localDynamoDb()).isTrue();
  }

  @Test
  void optionsOverrideTheDefaults() {
    DemoOptions options =
        DemoOptions.parse(
            new String[] {"--nodes", "3", "--port", "0", "--table", "my-table"}, Map.of());
    assertThat(options.nodes()).isEqualTo(3);
    assertThat(options.port()).isZero();
    assertThat(options.table()).isEqualTo("my-table");
  }

  @Test
  void anEndpointOrRegionTurnsTheLocalDynamoDbOff() {
    assertThat(
            DemoOptions.parse(new String[] {"--endpoint", "http://127.0.0.1:8000"}, Map.of())
                .endpoint())
        .isEqualTo(URI.create("http://127.0.0.1:8000"));
    assertThat(DemoOptions.parse(new String[0], Map.of("STICKLESS_REGION", "eu-west-1")))
        .satisfies(o -> assertThat(o.localDynamoDb()).isFalse())
        .satisfies(o -> assertThat(o.region()).isEqualTo("eu-west-1"));
  }

  @Test
  void thePasswordMayComeFromTheEnvironment() {
    assertThat(
            DemoOptions.parse(new String[0], Map.of("GALLERY_ADMIN_PASSWORD", "from-env-123"))
                .adminPassword())
        .isEqualTo("from-env-123");
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertUsage(new String[] {"--nodes", "0"}, "--nodes must be a number from 1 to 9, was '0'.");
    assertUsage(new String[] {"--port", "x"}, "--port must be a number from 0 to 65535, was 'x'.");
    assertUsage(new String[] {"--nodes"}, "Option --nodes needs a value.");
    assertUsage(new String[] {"--colour", "red"}, "Unknown option '--colour'.");
    assertUsage(new String[] {"3"}, "Unexpected argument '3'.");
    assertUsage(new String[] {"--endpoint", "localhost"}, "is not an http(s) URL");
    assertUsage(new String[] {"--table", "a b"}, "is not a DynamoDB table name");
    assertUsage(new String[] {"--admin-password", "short"}, "at least 8 characters");
  }

  @Test
  void helpIsAUsageWithoutError() {
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--help"}, Map.of()))
        .isInstanceOf(DemoOptions.UsageException.class)
        .hasMessage(null);
    assertThat(DemoOptions.USAGE).contains("--nodes N").contains("-Dexec.args=");
  }

  private static void assertUsage(String[] args, String message) {
    assertThatThrownBy(() -> DemoOptions.parse(args, Map.of()))
        .isInstanceOf(DemoOptions.UsageException.class)
        .hasMessageContaining(message);
  }
}
