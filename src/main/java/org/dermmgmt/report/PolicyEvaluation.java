package org.dermmgmt.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.decide.CalibratedCases;
import org.dermmgmt.decide.Decider;
import org.dermmgmt.decide.DecisionEvaluation;
import org.dermmgmt.decide.DecisionPolicy;
import org.dermmgmt.decide.PolicySpec;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.PredictionsCsv;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.train.RunCalibration;

/**
 * The decision policy of an evaluation: the run's stored one, or the one asked for ({@code
 * --policy}); safety is fitted on the run's selection cases as recorded at training ({@value
 * RunCalibration#CASES}, uncalibrated) with the evaluation's calibration applied, so it sees the
 * same kind of probabilities as the cases it decides. Writes policy_metrics.json, the
 * risk–coverage curve, and the policy's figures into metrics.json under {@code "policy"}.
 */
public final class PolicyEvaluation {
  private PolicyEvaluation() {}

  /** The policy to apply: {@code spec} resolved on the run's recorded selection cases, else the run's. */
  public static DecisionPolicy policy(Path runDir, PolicySpec spec, DecisionPolicy stored,
      TemperatureCalibration cal) {
    if (spec == null) {
      return stored;
    }
    if (!spec.needsFitting()) {
      return spec.resolve(List.of(), null);
    }
    Path file = runDir.resolve(RunCalibration.CASES);
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(PolicySpec.POLICY + " safety: " + runDir + " has no " + RunCalibration.CASES
          + " (trained before calibration was stored); retrain it, or use " + PolicySpec.POLICY
          + " argmax or thresholds");
    }
    List<EvaluatedCase> fitting = CalibratedCases.apply(cal, PredictionsCsv.read(file));
    return spec.resolve(fitting, RunCalibration.FITTED_ON + (cal.isNone() ? " (uncalibrated)" : " (calibrated)"));
  }

  public static DecisionEvaluation write(ModelEvaluation.Calibrated c, Path runDir, PolicySpec spec,
      double referBelow) {
    DecisionPolicy policy = policy(runDir, spec, c.policy(), c.calibration());
    Decider decider = new Decider(policy, referBelow);
    Path out = c.result().outDir();
    DecisionEvaluation e = DecisionEvaluation.of(c.uncalibrated(), c.result().cases(), decider);
    e.write(out);
    Path file = out.resolve("metrics.json");
    try {
      ObjectNode o = (ObjectNode) RunDir.JSON.readTree(file.toFile());
      ObjectNode p = e.metrics().toJson();
      p.put("name", policy.name());
      p.put("description", policy.describe());
      p.put("refer_below", referBelow);
      o.set("policy", p);
      RunDir.JSON.writeValue(file.toFile(), o);
    } catch (java.io.IOException ex) {
      throw new java.io.UncheckedIOException(file + ": " + ex.getMessage(), ex);
    }
    return e;
  }
}
