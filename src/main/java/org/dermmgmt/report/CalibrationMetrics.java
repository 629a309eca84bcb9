package org.dermmgmt.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.decide.CalibratedCases;
import org.dermmgmt.decide.DecisionEvaluation;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.eval.Calibration;
import org.dermmgmt.eval.DecisionPlots;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.Predictions;
import org.dermmgmt.infer.RunDir;

/**
 * Adds the calibration's effect to an evaluation's metrics.json (existing keys kept; {@code ece}
 * stays the figure of what the evaluation reports): {@code ece_uncalibrated}, {@code
 * ece_calibrated}, {@code brier_uncalibrated}, {@code brier_calibrated}, {@code
 * log_loss_uncalibrated}, {@code log_loss_calibrated}, {@code temperatures}, and
 * draws both reliability curves into {@value DecisionEvaluation#RELIABILITY}.
 */
final class CalibrationMetrics {
  private CalibrationMetrics() {}

  static void write(List<EvaluatedCase> uncalibrated, TemperatureCalibration runCalibration, Path outDir) {
    Predictions before = Predictions.management(uncalibrated);
    Predictions after = Predictions.management(CalibratedCases.apply(runCalibration, uncalibrated));
    Path file = outDir.resolve("metrics.json");
    try {
      ObjectNode o = (ObjectNode) RunDir.JSON.readTree(file.toFile());
      put(o, "ece_uncalibrated", Calibration.ece(before));
      put(o, "ece_calibrated", Calibration.ece(after));
      put(o, "brier_uncalibrated", Calibration.brier(before));
      put(o, "brier_calibrated", Calibration.brier(after));
      put(o, "log_loss_uncalibrated", Calibration.logLoss(before));
      put(o, "log_loss_calibrated", Calibration.logLoss(after));
      o.set("temperatures", RunDir.JSON.valueToTree(runCalibration.temperatures()));
      RunDir.JSON.writeValue(file.toFile(), o);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    DecisionPlots.writePng(DecisionPlots.reliabilityBeforeAfter(before, after),
        outDir.resolve(DecisionEvaluation.RELIABILITY));
  }

  /** NaN (e.g. no cases) as null, as the rest of metrics.json. */
  static void put(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }
}
