package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.assertj.core.data.Offset;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service, {@code predict} and {@code evaluate} give the same probabilities (to 1e-6) for the
 * same images and model, the service's answers also when batched with other requests.
 */
class ServiceParityTest {
  static final Offset<Double> TOLERANCE = Offset.offset(1e-6);
  static PredictionService service;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    service = PredictionService.start(TrainedModelPredictor.load(TinyRun.run(), false),
        ServeSettings.builder().optPort(0).optMaxBatch(4).optLinger(java.time.Duration.ofMillis(50)).build());
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void serviceEqualsPredictAndEvaluate() throws Exception {
    Path run = TinyRun.run();
    Path data = TinyRun.data();
    Derm7ptRelease release = Derm7ptRelease.open(data);
    List<LesionCase> cases = release.split(Split.TEST).subList(0, 4);

    CliRun e = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(), "--split", "test",
        "--out", dir.resolve("eval").toString());
    assertThat(e.exit()).as(e.all()).isZero();
    Map<Integer, CSVRecord> evaluated = new HashMap<>();
    try (var reader = Files.newBufferedReader(dir.resolve("eval/predictions.csv"))) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
        evaluated.put(Integer.parseInt(r.get("case_num")), r);
      }
    }

    // The four cases at once, so that the service batches them (one forward for all).
    List<java.util.concurrent.CompletableFuture<Http.Answer>> answers = cases.stream().map(c ->
        java.util.concurrent.CompletableFuture.supplyAsync(() -> Http.post(service.url() + "/api/v1/predict", form(release, c))))
        .toList();
    for (int i = 0; i < cases.size(); i++) {
      LesionCase c = cases.get(i);
      Http.Answer a = answers.get(i).get();
      assertThat(a.status()).as(a.text()).isEqualTo(200);
      JsonNode served = a.json().get("prediction");

      CliRun p = CliRun.of("predict", "--model", run.toString(), "--clinic", release.image(c.clinic()).toString(),
          "--derm", release.image(c.derm()).toString(), "--sex", c.sex(), "--location", c.location(),
          "--elevation", c.elevation(), "--json");
      assertThat(p.exit()).as(p.all()).isZero();
      JsonNode predicted = Http.JSON.readTree(p.out());

      CSVRecord row = evaluated.get(c.caseNum());
      for (String m : List.of("NONE", "CLNC", "EXC")) {
        double s = served.at("/management/" + m).asDouble();
        assertThat(s).as("case %d %s vs predict", c.caseNum(), m).isCloseTo(predicted.at("/management/" + m).asDouble(), TOLERANCE);
        assertThat(s).as("case %d %s vs evaluate", c.caseNum(), m).isCloseTo(Double.parseDouble(row.get("p_" + m)), TOLERANCE);
      }
      for (String d : List.of("BCC", "NEV", "MEL", "MISC", "SK")) {
        double s = served.at("/diagnosisProbabilities/" + d).asDouble();
        assertThat(s).isCloseTo(predicted.at("/diagnosisProbabilities/" + d).asDouble(), TOLERANCE);
        assertThat(s).isCloseTo(Double.parseDouble(row.get("p_" + d)), TOLERANCE);
      }
      assertThat(served.get("criteria")).isEqualTo(predicted.get("criteria"));
      assertThat(served.get("sevenPointScore")).isEqualTo(predicted.get("sevenPointScore"));
      assertThat(served.get("recommendation")).isEqualTo(predicted.get("recommendation"));
    }
    assertThat(Http.get(service.url() + "/metrics").text()).containsPattern("dermmgmt_batch_size_max [2-4]\\.0");

    // ?format=fhir: the same case as a FHIR R4 Bundle whose RiskAssessment carries the same probabilities.
    LesionCase c = cases.get(0);
    Http.Answer json = Http.post(service.url() + "/api/v1/predict", form(release, c));
    Http.Answer fhir = Http.post(service.url() + "/api/v1/predict?format=fhir", form(release, c));
    assertThat(fhir.status()).as(fhir.text()).isEqualTo(200);
    assertThat(fhir.header("Content-Type")).startsWith("application/fhir+json");
    org.hl7.fhir.r4.model.Bundle bundle = org.dermmgmt.interop.FhirBundles.parse(fhir.text(), "reply");
    org.hl7.fhir.r4.model.RiskAssessment ra = bundle.getEntry().stream()
        .map(org.hl7.fhir.r4.model.Bundle.BundleEntryComponent::getResource)
        .filter(org.hl7.fhir.r4.model.RiskAssessment.class::isInstance)
        .map(org.hl7.fhir.r4.model.RiskAssessment.class::cast).findFirst().orElseThrow();
    assertThat(ra.getPrediction()).hasSize(3);
    List<String> order = List.of("NONE", "CLNC", "EXC");
    for (int k = 0; k < 3; k++) {
      double p = ra.getPrediction().get(k).getProbabilityDecimalType().getValueAsNumber().doubleValue();
      assertThat(p).isCloseTo(json.json().at("/prediction/management/" + order.get(k)).asDouble(), Offset.offset(1e-4));
    }
    Http.Answer bad = Http.post(service.url() + "/api/v1/predict?format=xml", form(release, c));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("field").asText()).isEqualTo("format");
  }

  private static Http.Form form(Derm7ptRelease release, LesionCase c) {
    try {
      return new Http.Form().jpeg("clinic", Files.readAllBytes(release.image(c.clinic())))
          .jpeg("derm", Files.readAllBytes(release.image(c.derm()))).meta(c.sex(), c.location(), c.elevation());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
