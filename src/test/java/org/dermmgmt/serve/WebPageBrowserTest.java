package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium (Debian's chromium and chromium-driver; .ci/run installs
 * them): two images uploaded through the form, the rendered recommendation, bars, checklist and
 * heat maps checked against the API's answer, and a screenshot saved as target/serve-page.png.
 */
class WebPageBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  @TempDir Path dir;

  @Test
  void uploadsTwoImagesAndShowsTheAnswer() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "browser test skipped: needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
    Path clinic = dir.resolve("clinic.jpg");
    Path derm = dir.resolve("derm.png");
    Files.write(clinic, TestImages.jpeg(TestImages.numbered(6)));
    Files.write(derm, TestImages.png(TestImages.numbered(7)));

    try (PredictionService service = PredictionService.start(TrainedModelPredictor.load(TinyRun.run(), true),
        ServeSettings.builder().optPort(0).build())) {
      JsonNode expected = Http.post(service.url() + "/api/v1/predict", new Http.Form()
          .jpeg("clinic", Files.readAllBytes(clinic)).file("derm", Files.readAllBytes(derm), "image/png")
          .meta("male", "upper limbs", "palpable")).json();

      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
          "--window-size=1280,1900");
      ChromeDriverService driverService = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
          .usingAnyFreePort().build();
      ChromeDriver driver = new ChromeDriver(driverService, options);
      try {
        driver.get(service.url() + "/");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("case-form")));
        assertThat(driver.findElement(By.id("notice")).getText()).contains("Research tool, not a diagnosis");
        assertThat(driver.findElement(By.id("model-info")).getText()).contains("tiny-multi")
            .contains("Decisions: ").contains("image-quality gate on");

        driver.findElement(By.id("clinic-file")).sendKeys(clinic.toString());
        driver.findElement(By.id("derm-file")).sendKeys(derm.toString());
        new Select(driver.findElement(By.id("sex"))).selectByValue("male");
        new Select(driver.findElement(By.id("location"))).selectByValue("upper limbs");
        new Select(driver.findElement(By.id("elevation"))).selectByValue("palpable");
        assertThat(driver.findElement(By.id("explain")).isSelected()).isTrue();
        driver.findElement(By.id("submit")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("derm-heat")));
        String recommendation = expected.at("/prediction/recommendation").asText();
        assertThat(driver.findElement(By.id("recommendation")).getText()).startsWith(recommendation + " (");

        List<WebElement> bars = driver.findElements(By.cssSelector("#management-bars .bar"));
        assertThat(bars).hasSize(3);
        for (WebElement bar : bars) {
          String label = bar.getAttribute("data-label");
          double p = Double.parseDouble(bar.getAttribute("data-p"));
          assertThat(p).isCloseTo(expected.at("/prediction/management/" + label).asDouble(), org.assertj.core.data.Offset.offset(1e-9));
          // The bar is drawn as wide as its probability.
          double fill = ((Number) ((JavascriptExecutor) driver).executeScript(
              "const f = arguments[0].querySelector('.fill'); return f.getBoundingClientRect().width / f.parentElement.getBoundingClientRect().width;",
              bar)).doubleValue();
          assertThat(fill).isCloseTo(p, org.assertj.core.data.Offset.offset(0.01));
          assertThat(bar.getAttribute("class").contains("top")).isEqualTo(label.equals(recommendation));
        }
        assertThat(driver.findElements(By.cssSelector("#diagnosis-bars .bar"))).hasSize(5);
        assertThat(driver.findElement(By.id("diagnosis")).getText()).isEqualTo(expected.at("/prediction/diagnosis").asText());

        List<WebElement> rows = driver.findElements(By.cssSelector("#checklist tbody tr"));
        assertThat(rows).hasSize(7);
        for (int i = 0; i < 7; i++) {
          JsonNode item = expected.get("checklist").get(i);
          List<WebElement> cells = rows.get(i).findElements(By.tagName("td"));
          assertThat(cells.get(1).getText()).isEqualTo(item.get("label").asText());
          assertThat(cells.get(2).getText()).isEqualTo(item.get("points").asText());
        }
        assertThat(driver.findElement(By.id("score")).getText()).isEqualTo(expected.at("/prediction/sevenPointScore").asText());
        for (String field : new String[] {"clinic", "derm"}) {
          Object width = ((JavascriptExecutor) driver).executeScript(
              "return document.getElementById(arguments[0] + '-heat').naturalWidth;", field);
          assertThat(((Number) width).intValue()).as(field + " heat map").isEqualTo(120);
        }
        Path shot = Path.of("target", "serve-page.png");
        Files.createDirectories(shot.getParent());
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isGreaterThan(10_000);
      } finally {
        driver.quit();
      }
    }
  }
}
