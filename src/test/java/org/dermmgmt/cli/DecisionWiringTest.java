package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.interop.FhirBundles;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision layer on the one inference path: train stores calibration.json and policy.json;
 * predict and evaluate use the calibrated probabilities (and agree); policies, FHIR output and the
 * audit log work from the CLI; bad decision options exit 2 naming the option.
 */
class DecisionWiringTest {
  @TempDir static Path dir;
  static Path data;
  static Path run;
  static Path cases;
  static LesionCase first;
  static Derm7ptRelease release;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void train() throws Exception {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    data = SyntheticDerm7pt.write(dir.resolve("syn"), 40, 40, 13);
    run = dir.resolve("run");
    CliRun t = CliRun.of("train", "--data", data.toString(), "--out", run.toString(), "--task", "multi",
        "--backbone", "tiny", "--image-size", "32", "--batch-size", "8", "--epochs", "1", "--head-warmup", "1");
    assertThat(t.exit()).as(t.all()).isZero();
    release = Derm7ptRelease.open(data);
    StringBuilder csv = new StringBuilder("case_id,clinic,derm,sex,location,elevation\n");
    for (LesionCase c : release.split(Split.TEST)) {
      csv.append(c.caseNum()).append(',').append(release.image(c.clinic())).append(',')
          .append(release.image(c.derm())).append(',').append(c.sex()).append(',').append(c.location())
          .append(',').append(c.elevation()).append('\n');
    }
    cases = dir.resolve("cases.csv");
    Files.writeString(cases, csv.toString());
    first = release.split(Split.TEST).get(0);
  }

  static Map<String, double[]> evaluated(Path evalDir) throws Exception {
    Map<String, double[]> out = new HashMap<>();
    List<String> rows = Files.readAllLines(evalDir.resolve("predictions.csv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      out.put(f[0], new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])});
    }
    return out;
  }

  static double maxDiff(JsonNode answers, Map<String, double[]> want) {
    double d = 0;
    for (JsonNode a : answers) {
      double[] w = want.get(a.get("id").asText());
      String[] k = {"NONE", "CLNC", "EXC"};
      for (int i = 0; i < 3; i++) {
        d = Math.max(d, Math.abs(w[i] - a.at("/management/" + k[i]).asDouble()));
      }
    }
    return d;
  }

  @Test
  void calibrationIsStoredAndUsedByPredictAndEvaluateAlike() throws Exception {
    TemperatureCalibration cal = TemperatureCalibration.read(run.resolve(TemperatureCalibration.FILE));
    assertThat(cal.temperature("management")).isNotEqualTo(1.0);
    assertThat(JSON.readTree(run.resolve("policy.json").toFile()).get("policy").asText()).isEqualTo("argmax");

    CliRun e = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(), "--split", "test",
        "--out", dir.resolve("eval").toString());
    assertThat(e.exit()).as(e.all()).isZero();
    CliRun u = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(), "--split", "test",
        "--uncalibrated", "--out", dir.resolve("eval-uncal").toString());
    assertThat(u.exit()).as(u.all()).isZero();
    Map<String, double[]> calibrated = evaluated(dir.resolve("eval"));
    Map<String, double[]> uncalibrated = evaluated(dir.resolve("eval-uncal"));

    CliRun p = CliRun.of("predict", "--model", run.toString(), "--cases", cases.toString(), "--json");
    assertThat(p.exit()).as(p.all()).isZero();
    JsonNode answers = JSON.readTree(p.out());
    assertThat(answers.size()).isEqualTo(calibrated.size()).isGreaterThan(5);
    assertThat(maxDiff(answers, calibrated)).as("predict vs evaluate, calibrated").isLessThan(1e-6);
    assertThat(maxDiff(answers, uncalibrated)).as("calibrated vs uncalibrated").isGreaterThan(1e-4);
    CliRun pu = CliRun.of("predict", "--model", run.toString(), "--cases", cases.toString(), "--json", "--uncalibrated");
    assertThat(pu.exit()).as(pu.all()).isZero();
    assertThat(maxDiff(JSON.readTree(pu.out()), uncalibrated)).isLessThan(1e-6);
    assertThat(answers.get(0).get("decision").asText()).isIn("NONE", "CLNC", "EXC");

    JsonNode m = JSON.readTree(dir.resolve("eval/metrics.json").toFile());
    for (String k : List.of("ece", "brier", "ece_uncalibrated", "ece_calibrated", "brier_uncalibrated",
        "brier_calibrated", "log_loss_uncalibrated", "log_loss_calibrated", "missed_malignancy_rate")) {
      assertThat(m.has(k)).as(k).isTrue();
    }
    // The calibrated log loss is that of the probabilities evaluate wrote, case by case.
    double logLoss = 0;
    int n = 0;
    for (org.apache.commons.csv.CSVRecord r : org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader()
        .setSkipHeaderRecord(true).get().parse(Files.newBufferedReader(dir.resolve("eval/predictions.csv")))) {
      logLoss -= Math.log(Double.parseDouble(r.get("p_" + r.get("true_management"))));
      n++;
    }
    assertThat(m.get("log_loss_calibrated").asDouble()).isCloseTo(logLoss / n, within(1e-9));
    assertThat(m.get("log_loss_uncalibrated").asDouble()).isNotCloseTo(logLoss / n, within(1e-6));
    // The same calibrated probabilities through two code paths: equal up to summation order.
    assertThat(m.get("ece").asDouble()).isCloseTo(m.get("ece_calibrated").asDouble(), within(1e-12));
    assertThat(m.at("/policy/name").asText()).isEqualTo("argmax");
    assertThat(m.at("/policy/missed_malignancy_rate").isMissingNode()).isFalse();
    assertThat(dir.resolve("eval/policy_metrics.json")).exists();
    assertThat(dir.resolve("eval/risk_coverage.csv")).exists();
    assertThat(dir.resolve("eval/reliability_calibrated.png")).exists();
  }

  @Test
  void policiesAndReferral() throws Exception {
    CliRun s = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(), "--split", "test",
        "--policy", "safety", "--min-malignant-excision", "0.9", "--out", dir.resolve("eval-safety").toString());
    assertThat(s.exit()).as(s.all()).isZero();
    JsonNode m = JSON.readTree(dir.resolve("eval-safety/metrics.json").toFile());
    assertThat(m.at("/policy/name").asText()).isEqualTo("safety");
    assertThat(m.at("/policy/description").asText()).contains("selection");

    CliRun r = CliRun.of("predict", "--model", run.toString(), "--cases", cases.toString(), "--json",
        "--refer-below", "1");
    assertThat(r.exit()).as(r.all()).isZero();
    for (JsonNode a : JSON.readTree(r.out())) {
      assertThat(a.get("decision").asText()).isEqualTo("REFER");
      assertThat(a.get("referral").asText()).contains("LOW_CONFIDENCE");
    }
    CliRun t = CliRun.of("predict", "--model", run.toString(), "--cases", cases.toString(), "--json",
        "--thresholds", "EXC=0.0,NONE=1.0");
    assertThat(t.exit()).as(t.all()).isZero();
    for (JsonNode a : JSON.readTree(t.out())) {
      assertThat(a.get("decision").asText()).as("EXC at threshold 0").isEqualTo("EXC");
    }
  }

  @Test
  void fhirBundleParsesBackAndAuditLogIsWritten() throws Exception {
    Path log = dir.resolve("audit/audit.jsonl");
    List<String> single = List.of("predict", "--model", run.toString(),
        "--clinic", release.image(first.clinic()).toString(), "--derm", release.image(first.derm()).toString(),
        "--sex", first.sex(), "--location", first.location(), "--elevation", first.elevation());
    CliRun j = CliRun.of(concat(single, "--json"));
    assertThat(j.exit()).as(j.all()).isZero();
    double pExc = JSON.readTree(j.out()).at("/management/EXC").asDouble();
    CliRun f = CliRun.of(concat(single, "--format", "fhir", "--audit-log", log.toString()));
    assertThat(f.exit()).as(f.all()).isZero();
    Bundle b = FhirBundles.parse(f.out(), "stdout");
    RiskAssessment ra = b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(RiskAssessment.class::isInstance).map(RiskAssessment.class::cast).findFirst().orElseThrow();
    double fhirExc = ra.getPrediction().stream().filter(x -> x.getOutcome().getCodingFirstRep().getCode().equals("EXC"))
        .findFirst().orElseThrow().getProbabilityDecimalType().getValueAsNumber().doubleValue();
    assertThat(fhirExc).isCloseTo(pExc, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(ra.getStatus()).isEqualTo(RiskAssessment.RiskAssessmentStatus.PRELIMINARY);

    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    String text = lines.get(0);
    assertThat(text).contains(org.dermmgmt.Provenance.sha256(release.image(first.derm())));
    assertThat(text).contains(JSON.readTree(j.out()).at("/model/config_sha256").asText());
    assertThat(line.toString()).contains("temperature");
  }

  @Test
  void qualityGateRefersADarkPhotoWithoutChangingItsProbabilities() throws Exception {
    // Every synthetic photo passes the gate (its SIZE threshold follows the model's 32-pixel input).
    CliRun all = CliRun.of("predict", "--model", run.toString(), "--cases", cases.toString(), "--json");
    assertThat(all.exit()).as(all.all()).isZero();
    for (JsonNode a : JSON.readTree(all.out())) {
      assertThat(a.at("/quality/clinic").asText()).as(a.toString()).isEqualTo("passed");
      assertThat(a.at("/quality/derm").asText()).isEqualTo("passed");
      assertThat(a.get("decision").asText()).isNotEqualTo("REFER");
    }
    java.awt.image.BufferedImage photo = javax.imageio.ImageIO.read(release.image(first.clinic()).toFile());
    for (int y = 0; y < photo.getHeight(); y++) {
      for (int x = 0; x < photo.getWidth(); x++) {
        int rgb = photo.getRGB(x, y);
        photo.setRGB(x, y, ((rgb >> 16 & 255) / 10) << 16 | ((rgb >> 8 & 255) / 10) << 8 | (rgb & 255) / 10);
      }
    }
    Path dark = dir.resolve("dark.png");
    javax.imageio.ImageIO.write(photo, "png", dark.toFile());
    List<String> single = List.of("predict", "--model", run.toString(), "--clinic", dark.toString(),
        "--derm", release.image(first.derm()).toString(), "--sex", first.sex(), "--location", first.location(),
        "--elevation", first.elevation(), "--json");
    CliRun gated = CliRun.of(single.toArray(String[]::new));
    assertThat(gated.exit()).as(gated.all()).isZero();
    JsonNode g = JSON.readTree(gated.out());
    assertThat(g.get("decision").asText()).isEqualTo("REFER");
    assertThat(g.get("referral").asText()).startsWith("QUALITY_GATE: clinic DARK: mean_luma ");
    assertThat(g.at("/quality/clinic").asText()).startsWith("DARK: mean_luma ");
    assertThat(g.at("/quality/derm").asText()).isEqualTo("passed");
    CliRun off = CliRun.of(concat(single, "--no-quality-gate"));
    assertThat(off.exit()).as(off.all()).isZero();
    JsonNode o = JSON.readTree(off.out());
    assertThat(o.get("quality").isNull()).isTrue();
    assertThat(o.get("decision").asText()).isEqualTo(o.get("recommendation").asText());
    assertThat(g.get("recommendation").asText()).isEqualTo(o.get("recommendation").asText());
    for (String m : List.of("NONE", "CLNC", "EXC")) {
      assertThat(g.at("/management/" + m).asDouble()).isEqualTo(o.at("/management/" + m).asDouble());
    }
    // The FHIR Bundle carries the failed check as an image-quality Observation.
    CliRun f = CliRun.of(concat(single.subList(0, single.size() - 1), "--format", "fhir"));
    assertThat(f.exit()).as(f.all()).isZero();
    assertThat(FhirBundles.parse(f.out(), "stdout").getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(org.hl7.fhir.r4.model.Observation.class::isInstance)
        .map(org.hl7.fhir.r4.model.Observation.class::cast)
        .filter(x -> x.getCode().getCodingFirstRep().getCode().equals("image-quality"))
        .map(x -> x.getValueCodeableConcept().getCodingFirstRep().getCode()))
        .containsExactlyInAnyOrder("fail", "pass");
  }

  @Test
  void badDecisionOptionsExit2NamingTheOption() {
    CliRun p = CliRun.of("predict", "--model", run.toString(), "--cases", cases.toString(), "--policy", "bogus");
    assertThat(p.exit()).isEqualTo(2);
    assertThat(p.lastErrLine()).contains("--policy");
    CliRun t = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(),
        "--thresholds", "EXC=oops", "--out", dir.resolve("eval-bad").toString());
    assertThat(t.exit()).isEqualTo(2);
    assertThat(t.lastErrLine()).contains("--thresholds");
    CliRun sv = CliRun.of("serve", "--model", run.toString(), "--port", "0", "--refer-below", "2");
    assertThat(sv.exit()).as("serve refuses before it loads or listens").isEqualTo(2);
    assertThat(sv.lastErrLine()).contains("--refer-below");
    CliRun f = CliRun.of("predict", "--model", run.toString(), "--cases", cases.toString(), "--format", "xml");
    assertThat(f.exit()).isEqualTo(2);
    assertThat(f.lastErrLine()).contains("--format");
  }

  static String[] concat(List<String> a, String... more) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
