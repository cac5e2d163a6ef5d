package io.stickless.examples.mysfits;

import static org.assertj.core.api.Assertions.assertThat;

import io.stickless.testing.LocalDynamoDb;
import io.stickless.testing.LocalDynamoDbExtension;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page of the documented local run, in headless Chromium: the drop-downs filter the mysfits.
 * Needs Debian's chromium and chromium-driver.
 */
@ExtendWith(LocalDynamoDbExtension.class)
class MysfitsPageIT {

  private static MysfitsServer server;
  private static WebDriver browser;

  @BeforeAll
  static void start(LocalDynamoDb dynamoDb, @TempDir Path profile) {
    String chromium = System.getProperty("mysfits.chromium", "/usr/bin/chromium");
    String chromedriver = System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    for (String binary : List.of(chromium, chromedriver)) {
      assertThat(Files.isExecutable(Path.of(binary)))
          .as(binary + " is missing: install Debian's chromium and chromium-driver")
          .isTrue();
    }
    server = MysfitsLocal.start(dynamoDb.client(), 0);
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
        "--user-data-dir=" + profile.toAbsolutePath());
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build(),
            options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void dropDownsFilterTheMysfits() {
    browser.get("http://127.0.0.1:" + server.port() + "/");
    int all = RequestItems.parse(MysfitsLocal.sampleData(), "sample").size();
    awaitCards(all, null, null);

    new Select(browser.findElement(By.id("filter"))).selectByValue("GoodEvil");
    awaitCards(4, "goodevil", "Good");
    new Select(browser.findElement(By.id("value"))).selectByValue("Evil");
    awaitCards(4, "goodevil", "Evil");

    new Select(browser.findElement(By.id("filter"))).selectByValue("LawChaos");
    new Select(browser.findElement(By.id("value"))).selectByValue("Chaotic");
    awaitCards(4, "lawchaos", "Chaotic");

    new Select(browser.findElement(By.id("filter"))).selectByValue("");
    awaitCards(all, null, null);
  }

  /** Waits until the page shows this many cards, all with this tag text when a tag is given. */
  private static void awaitCards(int count, String tagClass, String tagText) {
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .withMessage(() -> count + " cards" + (tagClass == null ? "" : " of " + tagText))
        .ignoring(StaleElementReferenceException.class) // the page re-rendered meanwhile
        .until(
            b -> {
              List<WebElement> cards = b.findElements(By.cssSelector(".mysfit"));
              return cards.size() == count
                  && (tagClass == null
                      || cards.stream()
                          .allMatch(
                              c ->
                                  c.findElement(By.className(tagClass)).getText().equals(tagText)));
            });
  }
}
