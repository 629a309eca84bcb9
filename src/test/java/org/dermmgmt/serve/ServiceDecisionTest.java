package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.imageio.ImageIO;
import org.dermmgmt.decide.ImageDigest;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.decide.ArgmaxPolicy;
import org.dermmgmt.decide.AuditLog;
import org.dermmgmt.decide.DecisionPolicy;
import org.dermmgmt.decide.QualityGate;
import org.dermmgmt.infer.DecisionLayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's decision layer: the image-quality gate refers a case whose photo fails a check (a
 * darkened copy) without changing its probabilities, and the audit log gets one whole line per
 * prediction with the uploads' sha256 and never their bytes, also under parallel requests.
 */
class ServiceDecisionTest {
  @TempDir static Path dir;
  static PredictionService service;
  static Path log;
  static Derm7ptRelease release;
  static LesionCase c;

  @BeforeAll
  static void start() {
    log = dir.resolve("audit.jsonl");
    service = PredictionService.start(
        TrainedModelPredictor.load(TinyRun.run(), false, DecisionLayer::stored, AuditLog.open(log)),
        ServeSettings.builder().optPort(0).optMaxBatch(4).build());
    release = Derm7ptRelease.open(TinyRun.data());
    c = release.split(Split.TEST).get(0);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void darkPhotoIsReferredByTheGateAndEveryPredictionIsAudited() throws Exception {
    byte[] clinic = Files.readAllBytes(release.image(c.clinic()));
    byte[] derm = Files.readAllBytes(release.image(c.derm()));
    byte[] dark = darkened(clinic);
    long before = lines();

    JsonNode ok = predict(clinic, derm);
    assertThat(ok.at("/prediction/quality/clinic").asText()).isEqualTo("passed");
    assertThat(ok.at("/prediction/quality/derm").asText()).isEqualTo("passed");
    assertThat(ok.at("/prediction/decision").asText()).isNotEqualTo("REFER");

    JsonNode referred = predict(dark, derm);
    assertThat(referred.at("/prediction/decision").asText()).isEqualTo("REFER");
    assertThat(referred.at("/prediction/referral").asText()).startsWith("QUALITY_GATE: clinic DARK");
    assertThat(referred.at("/prediction/quality/clinic").asText()).startsWith("DARK: mean_luma ");

    // Eight at once: the worker batches them; each gets its own whole audit line.
    List<CompletableFuture<JsonNode>> parallel = java.util.stream.IntStream.range(0, 8)
        .mapToObj(i -> CompletableFuture.supplyAsync(() -> predict(i % 2 == 0 ? clinic : dark, derm))).toList();
    for (CompletableFuture<JsonNode> f : parallel) {
      assertThat(f.get().at("/prediction/management/EXC").isNumber()).isTrue();
    }

    List<String> audit = Files.readAllLines(log);
    assertThat(audit).hasSize((int) before + 10);
    String darkSha = ImageDigest.of("x", dark).sha256();
    String clinicSha = ImageDigest.of("x", clinic).sha256();
    int referredLines = 0;
    for (String line : audit) {
      JsonNode a = Http.JSON.readTree(line); // a whole JSON object per line: none interleaved
      assertThat(line).contains(ImageDigest.of("x", derm).sha256()).containsAnyOf(clinicSha, darkSha);
      assertThat(a.get("quality").size()).isEqualTo(2);
      if (line.contains(darkSha)) {
        referredLines++;
        assertThat(line).contains("REFER");
      }
    }
    assertThat(referredLines).isEqualTo(5);
    String all = String.join("\n", audit);
    assertThat(all).doesNotContain(java.util.Base64.getEncoder().encodeToString(clinic).substring(0, 64));
  }

  @Test
  void modelDocumentStatesTheDecisionLayerTheServiceApplies() throws Exception {
    Path policyFile = TinyRun.run().resolve(DecisionPolicy.FILE);
    DecisionPolicy stored = Files.exists(policyFile) ? DecisionPolicy.read(policyFile) : new ArgmaxPolicy();
    JsonNode model = Http.get(service.url() + "/api/v1/model").json().get("model");
    JsonNode d = model.get("decision");
    assertThat(d.get("policy").asText()).isEqualTo(stored.name());
    assertThat(d.get("rule").asText()).isEqualTo(stored.describe());
    assertThat(d.get("referBelow").asDouble()).isZero();
    // SIZE follows the model's input side; the other checks keep their measured defaults.
    assertThat(d.at("/qualityGate/SIZE").asDouble())
        .isEqualTo(Math.ceil(QualityGate.SIZE_TOLERANCE * model.get("imageSize").asInt()));
    assertThat(d.get("qualityGate").size()).isEqualTo(QualityGate.defaults().thresholds().size());
  }

  private static JsonNode predict(byte[] clinic, byte[] derm) {
    Http.Answer a = Http.post(service.url() + "/api/v1/predict",
        new Http.Form().jpeg("clinic", clinic).jpeg("derm", derm).meta(c.sex(), c.location(), c.elevation()));
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    return a.json();
  }

  private static long lines() throws java.io.IOException {
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }

  private static byte[] darkened(byte[] jpeg) throws java.io.IOException {
    BufferedImage im = ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
    for (int y = 0; y < im.getHeight(); y++) {
      for (int x = 0; x < im.getWidth(); x++) {
        int rgb = im.getRGB(x, y);
        im.setRGB(x, y, ((rgb >> 16 & 255) / 10) << 16 | ((rgb >> 8 & 255) / 10) << 8 | (rgb & 255) / 10);
      }
    }
    return TestImages.jpeg(im);
  }
}
