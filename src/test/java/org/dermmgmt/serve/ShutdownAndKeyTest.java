package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Draining shutdown, the busy answer, and the API key, on a model-free predictor. */
class ShutdownAndKeyTest {
  static final String KEY = "s3cret-key-for-the-test-0123456789";
  @TempDir Path dir;

  static Http.Form form(int red) {
    java.awt.image.BufferedImage im = TestImages.numbered(1);
    im.setRGB(0, 0, red << 16);
    byte[] png = TestImages.png(im);
    return new Http.Form().file("clinic", png, "image/png").file("derm", png, "image/png").meta("female", "back", "flat");
  }

  @Test
  void closingLetsRequestsInFlightFinishAndRefusesNewOnes() throws Exception {
    FakePredictor fake = new FakePredictor(0);
    PredictionService service = PredictionService.start(fake, ServeSettings.builder().optPort(0).build());
    String url = service.url();
    fake.hold();
    CompletableFuture<Http.Answer> inFlight = CompletableFuture.supplyAsync(() -> Http.post(url + "/api/v1/predict", form(200)));
    while (Http.get(url + "/health").json().get("inFlight").asInt() == 0) {
      Thread.sleep(10);
    }
    CompletableFuture<Void> closing = CompletableFuture.runAsync(service::close);
    Http.Answer refused = null;
    for (int i = 0; i < 200 && (refused == null || refused.status() != 503); i++) {
      refused = Http.post(url + "/api/v1/predict", form(10));
      Thread.sleep(10);
    }
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.header("Retry-After")).isNotNull();
    assertThat(refused.json().get("error").asText()).contains("shutting down");
    assertThat(Http.get(url + "/health").status()).isEqualTo(503);
    assertThat(closing).isNotDone();
    assertThat(fake.closed).isFalse();

    fake.release();
    Http.Answer finished = inFlight.get(30, TimeUnit.SECONDS);
    assertThat(finished.status()).as(finished.text()).isEqualTo(200);
    assertThat(finished.json().at("/prediction/management/EXC").asDouble()).isEqualTo(200 / 255.0);
    closing.get(30, TimeUnit.SECONDS);
    assertThat(fake.closed).isTrue();
    assertThatThrownBy(() -> Http.get(url + "/health")).hasCauseInstanceOf(java.net.ConnectException.class);
  }

  @Test
  void beyondTheQueueTheAnswerIs503WithRetryAfter() throws Exception {
    FakePredictor fake = new FakePredictor(0);
    try (PredictionService service = PredictionService.start(fake,
        ServeSettings.builder().optPort(0).optWorkers(1).optMaxBatch(1).optQueue(1).build())) {
      String url = service.url();
      fake.hold();
      CompletableFuture<Http.Answer> a = CompletableFuture.supplyAsync(() -> Http.post(url + "/api/v1/predict", form(1)));
      CompletableFuture<Http.Answer> b = CompletableFuture.supplyAsync(() -> Http.post(url + "/api/v1/predict", form(2)));
      while (Http.get(url + "/health").json().get("inFlight").asInt() < 2) {
        Thread.sleep(10);
      }
      Http.Answer busy = Http.post(url + "/api/v1/predict", form(3));
      assertThat(busy.status()).isEqualTo(503);
      assertThat(busy.header("Retry-After")).isEqualTo("1");
      assertThat(busy.json().get("error").asText()).contains("busy");
      fake.release();
      assertThat(a.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(b.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
      assertThat(Http.post(url + "/api/v1/predict", form(3)).status()).isEqualTo(200);
    }
  }

  @Test
  void anApiKeyIsNeededOffLoopbackAndCheckedWhenGiven() throws Exception {
    assertThatThrownBy(() -> PredictionService.start(new FakePredictor(0),
        ServeSettings.builder().optHost("0.0.0.0").optPort(0).build()))
        .isInstanceOf(UserInputException.class).hasMessageContaining("--api-key-file");

    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, KEY + "\n");
    try (PredictionService service = PredictionService.start(new FakePredictor(0),
        ServeSettings.builder().optHost("0.0.0.0").optPort(0).optApiKeyFile(keyFile).build())) {
      String url = "http://127.0.0.1:" + service.port();
      for (String[] headers : new String[][] {{}, {"Authorization", "Bearer wrong-key-wrong-key-wrong"},
          {"Authorization", "Basic " + KEY}}) {
        for (Http.Answer a : new Http.Answer[] {Http.get(url + "/api/v1/model", headers),
            Http.get(url + "/metrics", headers), Http.post(url + "/api/v1/predict", form(5), headers)}) {
          assertThat(a.status()).isEqualTo(401);
          assertThat(a.header("WWW-Authenticate")).isEqualTo("Bearer");
          assertThat(a.json().get("field").asText()).isEqualTo("Authorization");
          assertThat(a.json().get("error").asText()).contains("API key").doesNotContain(KEY);
        }
      }
      String[] good = {"Authorization", "Bearer " + KEY};
      assertThat(Http.get(url + "/api/v1/model", good).status()).isEqualTo(200);
      assertThat(Http.get(url + "/metrics", good).status()).isEqualTo(200);
      assertThat(Http.post(url + "/api/v1/predict", form(5), good).status()).isEqualTo(200);
      assertThat(Http.get(url + "/api/v1/model", good).json().get("authRequired").asBoolean()).isTrue();
      // Liveness probes, the page and the API description need no key.
      assertThat(Http.get(url + "/health").status()).isEqualTo(200);
      assertThat(Http.get(url + "/").status()).isEqualTo(200);
      assertThat(Http.get(url + "/openapi.json").status()).isEqualTo(200);
    }
  }

  @Test
  void aShortKeyFileIsRefused() throws Exception {
    Path keyFile = dir.resolve("short");
    Files.writeString(keyFile, "abc\n");
    assertThatThrownBy(() -> PredictionService.start(new FakePredictor(0),
        ServeSettings.builder().optPort(0).optApiKeyFile(keyFile).build()))
        .isInstanceOf(UserInputException.class).hasMessageContaining("at least 16");
  }
}
