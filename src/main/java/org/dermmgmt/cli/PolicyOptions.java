package org.dermmgmt.cli;

import java.nio.file.Path;
import org.dermmgmt.decide.Decider;
import org.dermmgmt.decide.PolicySpec;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.infer.DecisionLayer;
import org.dermmgmt.infer.TrainedModel;
import org.dermmgmt.report.PolicyEvaluation;
import picocli.CommandLine.Option;

/** The decision options shared by predict, evaluate and serve; values are parsed (and refused) by decide. */
final class PolicyOptions {
  @Option(names = "--policy", paramLabel = "argmax|safety|thresholds",
      description = "Decision policy (default: the run's policy.json, argmax for older runs).")
  String policy;

  @Option(names = "--min-malignant-excision", paramLabel = "S",
      description = "safety: fraction of the selection split's malignant cases sent to excision (default 0.95).")
  String minMalignantExcision;

  @Option(names = "--thresholds", paramLabel = "EXC=..,NONE=..", description = "thresholds policy, e.g. EXC=0.3,NONE=0.6.")
  String thresholds;

  @Option(names = "--refer-below", paramLabel = "P",
      description = "REFER when the calibrated maximum management probability is below P (default 0: never).")
  String referBelow;

  @Option(names = "--uncalibrated", description = "Use the model's probabilities without the run's calibration.")
  boolean uncalibrated;

  /** Null when no policy option was given (the run's stored policy is used). */
  PolicySpec spec() {
    return PolicySpec.parse(policy, thresholds, minMalignantExcision);
  }

  double referBelow() {
    return referBelow == null ? 0 : Decider.parseReferBelow(referBelow);
  }

  /**
   * The decision layer these options ask for on a loaded run: its calibration (unless
   * --uncalibrated), the policy (the run's, or --policy fitted on its selection cases), REFER below
   * --refer-below, and the image-quality gate when {@code gate}.
   */
  DecisionLayer layer(TrainedModel trained, Path runDir, boolean gate) {
    PolicySpec spec = spec();
    double below = referBelow();
    TemperatureCalibration cal = uncalibrated ? TemperatureCalibration.none() : trained.calibration();
    Decider decider = new Decider(PolicyEvaluation.policy(runDir, spec, trained.policy(), cal), below);
    return new DecisionLayer(cal, decider, gate ? DecisionLayer.gateFor(trained) : null);
  }
}
