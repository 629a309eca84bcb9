package org.dermmgmt.decide;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.Predictions;
import org.dermmgmt.eval.PredictionsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionEvaluationTest {

  /**
   * Over-confident management outputs (sharpened by 2.5) of cases whose truth is drawn from the
   * calibrated probabilities; EXC cases are malignant (MEL or BCC) half of the time.
   */
  static List<EvaluatedCase> cases(int n, long seed) {
    Predictions p = TemperatureScalingTest.overConfident(n, 3, 2.5, seed);
    Random rnd = new Random(seed + 100);
    List<EvaluatedCase> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Management truth = Management.ALL.get(p.truth()[i]);
      DiagnosisGroup d = truth == Management.EXC && rnd.nextBoolean()
          ? (rnd.nextBoolean() ? DiagnosisGroup.MEL : DiagnosisGroup.BCC)
          : DiagnosisGroup.NEV;
      // A diagnosis output too, as a multi model's predictions.csv has (it carries the truth).
      double[] pd = {0.1, 0.1, 0.1, 0.1, 0.1};
      pd[d.ordinal()] += 0.5;
      out.add(new EvaluatedCase(i, "valid", truth, p.scores()[i], d, pd));
    }
    return out;
  }

  @Test
  void calibrationLowersEceAndSafetyMeetsItsSensitivityOnTheFittingCases(@TempDir Path dir)
      throws Exception {
    List<EvaluatedCase> fit = cases(3000, 1);
    TemperatureCalibration cal = CalibratedCases.fit("valid", fit);
    assertThat(cal.temperature(CalibratedCases.MANAGEMENT)).isBetween(2.2, 2.8);
    assertThat(cal.heads()).containsKeys(CalibratedCases.MANAGEMENT, CalibratedCases.DIAGNOSIS);
    List<EvaluatedCase> calibrated = CalibratedCases.apply(cal, fit);
    SafetyPolicy safety = SafetyPolicy.fit(calibrated, 0.95, "valid (calibrated)");
    DecisionEvaluation e = DecisionEvaluation.of(fit, calibrated, Decider.of(safety));
    assertThat(e.eceAfter()).isLessThan(e.eceBefore() / 2);
    assertThat(e.brierAfter()).isLessThan(e.brierBefore());
    assertThat(1 - e.metrics().missedMalignancyRate()).isGreaterThanOrEqualTo(0.95);
    DecisionEvaluation argmax = DecisionEvaluation.of(fit, calibrated,
        Decider.of(new ArgmaxPolicy()));
    assertThat(e.metrics().missedMalignancyRate())
        .isLessThan(argmax.metrics().missedMalignancyRate());
    assertThat(e.metrics().overExcisionRate()).isGreaterThan(argmax.metrics().overExcisionRate());
    // The curve ends with every case decided, at the policy's own accuracy.
    assertThat(e.curve().get(e.curve().size() - 1).coverage()).isEqualTo(1.0);
    assertThat(e.curve().get(e.curve().size() - 1).accuracy())
        .isEqualTo(e.metrics().accuracy());

    e.write(dir);
    JsonNode j = DecideJson.read(dir.resolve(DecisionEvaluation.JSON));
    assertThat(j.at("/calibration/ece_after").asDouble()).isEqualTo(e.eceAfter());
    assertThat(j.at("/calibration/log_loss_after").asDouble()).isEqualTo(e.logLossAfter());
    // Log loss is what temperature scaling minimises: on the cases it was fitted on it cannot rise.
    assertThat(e.logLossAfter()).isLessThan(e.logLossBefore());
    assertThat(j.at("/risk_coverage/coverage_at_target_accuracy").asDouble())
        .isEqualTo(e.summary().coverageAtAccuracy());
    assertThat(j.get("missed_malignancy_rate").asDouble())
        .isEqualTo(e.metrics().missedMalignancyRate());
    for (String f : List.of(DecisionEvaluation.CSV, DecisionEvaluation.PNG,
        DecisionEvaluation.RELIABILITY)) {
      assertThat(Files.size(dir.resolve(f))).as(f).isGreaterThan(100);
    }
  }

  @Test
  void referringLowConfidenceRaisesAccuracyOfTheDecidedCases() {
    List<EvaluatedCase> fit = cases(2000, 2);
    List<EvaluatedCase> calibrated = CalibratedCases.apply(CalibratedCases.fit("valid", fit), fit);
    DecisionEvaluation all = DecisionEvaluation.of(fit, calibrated, Decider.of(new ArgmaxPolicy()));
    DecisionEvaluation refer = DecisionEvaluation.of(fit, calibrated,
        new Decider(new ArgmaxPolicy(), 0.7));
    assertThat(refer.metrics().coverage()).isLessThan(1.0).isGreaterThan(0.0);
    assertThat(refer.metrics().accuracy()).isGreaterThan(all.metrics().accuracy());
    assertThat(refer.metrics().referred()).isEqualTo(
        (int) calibrated.stream().filter(c -> Decider.max(c.pManagement()) < 0.7).count());
  }

  @Test
  void crossFittingDecidesEveryCaseOnceByAThresholdFittedWithoutIt(@TempDir Path dir) {
    List<EvaluatedCase> cases = cases(1000, 3);
    DecisionBench.Result r = DecisionBench.crossFit(cases, 5, 1, 0.95);
    assertThat(r.temperatures()).hasSize(5).allSatisfy(t -> assertThat(t).isBetween(2.0, 3.0));
    assertThat(r.thresholds()).hasSize(5);
    assertThat(r.safety().metrics().n()).isEqualTo(1000);
    assertThat(r.safety().eceAfter()).isLessThan(r.safety().eceBefore());
    assertThat(r.argmax().metrics().accuracy()).isGreaterThan(r.safety().metrics().accuracy());
    // Through the CLI-like entry point on a predictions.csv.
    Path csv = dir.resolve("predictions.csv");
    PredictionsCsv.write(cases, csv);
    DecisionBench.main(new String[] {csv.toString(), dir.resolve("out").toString(), "5", "1"});
    assertThat(dir.resolve("out").resolve(DecisionEvaluation.JSON)).exists();
    assertThat(dir.resolve("out").resolve("argmax_metrics.json")).exists();
  }
}
