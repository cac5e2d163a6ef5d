package io.stickless.examples.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The tour in a real browser: headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, driven by Selenium through the system chromedriver) logs in through the proxy,
 * sees both nodes while staying logged in, keeps its login when a node stops, adds an item that the
 * other node shows, and logs out everywhere. Leaves a screenshot in {@code
 * target/gallery-browser.png}.
 *
 * <p>A missing browser fails this test (it never skips): install {@code chromium} and {@code
 * chromium-driver} ({@code .ci/run} does), or point {@code gallery.chromium} and {@code
 * webdriver.chrome.driver} at them.
 */
@Timeout(240)
class GalleryBrowserIT {

  private static final String PASSWORD = "browser test pw";
  private static final Path SCREENSHOT = Path.of("target", "gallery-browser.png");

  private GalleryDemo demo;
  private WebDriver driver;

  @BeforeEach
  void start(@TempDir Path workDir, @TempDir Path profile) throws Exception {
    String chromium = System.getProperty("gallery.chromium", "/usr/bin/chromium");
    String chromedriver = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    for (String executable : new String[] {chromium, chromedriver}) {
      if (!Files.isExecutable(Path.of(executable))) {
        Assertions.fail(
            executable
                + " is missing: the browser test needs Debian's chromium and chromium-driver"
                + " (apt-get install -y chromium chromium-driver; .ci/run installs them)."
                + " Other paths: -Dgallery.chromium=... -Dwebdriver.chrome.driver=...");
      }
    }
    demo =
        GalleryDemo.start(
            DemoOptions.parse(
                new String[] {
                  "--port", "0", "--admin-password", PASSWORD, "--work-dir", workDir.toString()
                },
                Map.of()));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (driver != null) {
        driver.quit();
      }
    } finally {
      if (demo != null) {
        demo.close();
      }
    }
  }

  @Test
  void tourThroughTheProxyInHeadlessChromium() throws Exception {
    driver.get(demo.url() + "/login");
    driver.findElement(By.name("user")).sendKeys("admin");
    driver.findElement(By.name("password")).sendKeys(PASSWORD);
    clickAndWait(By.id("login-submit"));
    assertThat(user()).isEqualTo("admin");

    Set<String> nodes = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      reload();
      assertThat(user()).as("reload %d, served by %s", i, node()).isEqualTo("admin");
      nodes.add(node());
    }
    assertThat(nodes).containsExactlyInAnyOrder("node-1", "node-2");

    String node1 = demo.cluster().nodes().get(0).url();
    clickAndWait(By.id("stop-node-1"));
    awaitNodeClosed(node1);
    for (int i = 0; i < 4; i++) {
      reload();
      assertThat(node()).isEqualTo("node-2");
      assertThat(user()).as("still logged in with node-1 stopped").isEqualTo("admin");
    }

    String title = "Browser piece " + UUID.randomUUID().toString().substring(0, 8);
    driver.findElement(By.name("title")).sendKeys(title);
    driver.findElement(By.name("artist")).sendKeys("Headless Chromium");
    driver.findElement(By.name("description")).sendKeys("Added by the browser test.");
    clickAndWait(By.id("add-item"));
    assertThat(node()).isEqualTo("node-2");
    assertThat(driver.getPageSource()).contains(title);

    clickAndWait(By.id("start-node-1"));
    boolean seenOnNode1 = false;
    for (int i = 0; i < 4 && !seenOnNode1; i++) {
      reload();
      if (node().equals("node-1")) {
        seenOnNode1 = true;
        assertThat(driver.getPageSource()).as("the item added on node-2").contains(title);
        assertThat(user()).isEqualTo("admin");
      }
    }
    assertThat(seenOnNode1).as("node-1 served a request after its restart").isTrue();

    clickAndWait(By.cssSelector("a[href='/item/5']"));
    clickAndWait(By.cssSelector("header h1 a"));
    assertThat(driver.findElement(By.id("recent")).getText()).contains("Night Ferry");
    Files.createDirectories(SCREENSHOT.getParent());
    Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    assertThat(Files.size(SCREENSHOT)).isPositive();

    clickAndWait(By.id("logout"));
    nodes.clear();
    for (int i = 0; i < 4; i++) {
      reload();
      assertThat(user()).as("logged out, served by %s", node()).isEmpty();
      assertThat(driver.findElements(By.id("login"))).hasSize(1);
      nodes.add(node());
    }
    assertThat(nodes).as("logged out on every node").containsExactlyInAnyOrder("node-1", "node-2");
  }

  private void clickAndWait(By button) {
    WebElement body = driver.findElement(By.tagName("body"));
    driver.findElement(button).click();
    new WebDriverWait(driver, Duration.ofSeconds(60)).until(ExpectedConditions.stalenessOf(body));
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(d -> d.findElements(By.id("cost")).size() == 1);
  }

  private void reload() {
    driver.navigate().refresh();
  }

  private String node() {
    return driver.findElement(By.tagName("body")).getDomAttribute("data-node");
  }

  private String user() {
    return driver.findElement(By.tagName("body")).getDomAttribute("data-user");
  }

  /** The page asked node-1 to stop; its server closes in the background. */
  private static void awaitNodeClosed(String url) {
    int port = java.net.URI.create(url).getPort();
    org.awaitility.Awaitility.await(url + " refusing connections after 'stop'")
        .atMost(Duration.ofSeconds(30))
        .pollInSameThread()
        .pollInterval(Duration.ofMillis(50))
        .until(() -> refusesConnections(port));
  }

  private static boolean refusesConnections(int port) throws java.io.IOException {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException refused) {
      return true;
    }
  }
}
