package org.dermmgmt.decide;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.data.Management;
import org.dermmgmt.eval.Calibration;
import org.dermmgmt.eval.DecisionPlots;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.PolicyMetrics;
import org.dermmgmt.eval.Predictions;
import org.dermmgmt.eval.RiskCoverage;

/**
 * What {@code evaluate --policy} reports for a decider on calibrated cases: the policy's metrics
 * (with REFER when the decider refers), the calibration before/after (ECE, Brier, log loss), and the risk–coverage curve
 * of the policy's decisions against the calibrated confidence. {@link #write} puts {@value
 * #JSON}, {@value #CSV}, {@value #PNG} and {@value #RELIABILITY} into an evaluation directory.
 *
 * @param targetAccuracy the accuracy whose coverage the summary reports (0.90)
 */
public record DecisionEvaluation(
    PolicyMetrics metrics,
    double eceBefore,
    double eceAfter,
    double brierBefore,
    double brierAfter,
    double logLossBefore,
    double logLossAfter,
    List<RiskCoverage.Point> curve,
    RiskCoverage.Summary summary,
    Predictions before,
    Predictions after) {
  public static final String JSON = "policy_metrics.json";
  public static final String CSV = "risk_coverage.csv";
  public static final String PNG = "risk_coverage.png";
  public static final String RELIABILITY = "reliability_calibrated.png";
  public static final double TARGET_ACCURACY = 0.90;

  /**
   * @param uncalibrated the cases as the model gives them
   * @param calibrated the same cases calibrated ({@link CalibratedCases#apply}); pass the same
   *     list twice for {@code --uncalibrated}
   */
  public static DecisionEvaluation of(List<EvaluatedCase> uncalibrated,
      List<EvaluatedCase> calibrated, Decider decider) {
    List<Decision> decisions = calibrated.stream()
        .map(c -> decider.decide(c.pManagement())).toList();
    return of(uncalibrated, calibrated, decisions, decider.policy().describe());
  }

  /** From ready decisions, one per calibrated case (e.g. each fold's own fitted policy). */
  public static DecisionEvaluation of(List<EvaluatedCase> uncalibrated,
      List<EvaluatedCase> calibrated, List<Decision> decisions, String policy) {
    List<Management> withRefer = decisions.stream().map(Decision::management).toList();
    List<Management> proposed = decisions.stream().map(Decision::proposed).toList();
    double[] confidence = decisions.stream().mapToDouble(Decision::confidence).toArray();
    List<RiskCoverage.Point> curve = RiskCoverage.curve(calibrated, confidence, proposed);
    Predictions before = Predictions.management(uncalibrated);
    Predictions after = Predictions.management(calibrated);
    return new DecisionEvaluation(
        PolicyMetrics.of(policy, calibrated, withRefer),
        Calibration.ece(before), Calibration.ece(after),
        Calibration.brier(before), Calibration.brier(after),
        Calibration.logLoss(before), Calibration.logLoss(after),
        curve, RiskCoverage.summary(curve, TARGET_ACCURACY), before, after);
  }

  public ObjectNode toJson() {
    ObjectNode o = metrics.toJson();
    ObjectNode cal = o.putObject("calibration");
    DecideJson.put(cal, "ece_before", eceBefore);
    DecideJson.put(cal, "ece_after", eceAfter);
    DecideJson.put(cal, "brier_before", brierBefore);
    DecideJson.put(cal, "brier_after", brierAfter);
    DecideJson.put(cal, "log_loss_before", logLossBefore);
    DecideJson.put(cal, "log_loss_after", logLossAfter);
    ObjectNode rc = o.putObject("risk_coverage");
    DecideJson.put(rc, "target_accuracy", summary.targetAccuracy());
    DecideJson.put(rc, "coverage_at_target_accuracy", summary.coverageAtAccuracy());
    DecideJson.put(rc, "refer_below_for_target_accuracy", summary.thresholdAtAccuracy());
    DecideJson.put(rc, "coverage_at_zero_missed_malignancy", summary.coverageAtZeroMissed());
    DecideJson.put(rc, "refer_below_for_zero_missed_malignancy", summary.thresholdAtZeroMissed());
    return o;
  }

  public void write(Path dir) {
    DecideJson.write(toJson(), dir.resolve(JSON));
    RiskCoverage.writeCsv(curve, dir.resolve(CSV));
    DecisionPlots.writePng(DecisionPlots.riskCoverage(curve, summary), dir.resolve(PNG));
    DecisionPlots.writePng(DecisionPlots.reliabilityBeforeAfter(before, after),
        dir.resolve(RELIABILITY));
  }
}
