package org.dermmgmt.train;

import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;
import java.util.Map;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.infer.TrainedModel;
import org.dermmgmt.model.Task;

/** Converts model outputs into what the evaluation package measures. */
public final class EvaluatedCases {
  private EvaluatedCases() {}

  /**
   * One evaluated case per prediction, paired by position with the labelled cases; a
   * diagnosis-only model's management is inferred through {@code priors} (paper.md §3).
   */
  public static List<EvaluatedCase> of(
      Task task, List<LesionCase> cases, List<Prediction> predictions, ManagementPriors priors, String split) {
    return of(task, cases, predictions, priors, split, TemperatureCalibration.none());
  }

  /** The same, with the probabilities calibrated by {@code cal} (as predict shows them). */
  public static List<EvaluatedCase> of(Task task, List<LesionCase> cases, List<Prediction> predictions,
      ManagementPriors priors, String split, TemperatureCalibration cal) {
    if (cases.size() != predictions.size()) {
      throw new IllegalArgumentException(cases.size() + " cases but " + predictions.size() + " predictions");
    }
    List<EvaluatedCase> out = new ArrayList<>(predictions.size());
    for (int i = 0; i < cases.size(); i++) {
      LesionCase c = cases.get(i);
      TrainedModel.Outputs o = TrainedModel.outputs(task, predictions.get(i), priors, cal);
      out.add(new EvaluatedCase(c.caseNum(), split, c.management(), o.management(), c.group(), o.diagnosis()));
    }
    return out;
  }

  /**
   * Priors P(management | diagnosis group) counted on the given cases, or null when some case has
   * no diagnosis (a case table without that column): only diagnosis models need them, and such a
   * table cannot train one (Labels refuses it first).
   */
  public static ManagementPriors priorsOf(List<LesionCase> cases) {
    if (cases.stream().anyMatch(c -> c.group() == null)) {
      return null;
    }
    return ManagementPriors.estimate(
        cases.stream().map(c -> Map.entry(c.group(), c.management())).toList());
  }

  /** Counts the priors on {@code cases} and writes them to {@code file} when there are any. */
  static ManagementPriors writePriors(List<LesionCase> cases, Path file) {
    ManagementPriors priors = priorsOf(cases);
    if (priors != null) {
      priors.write(file);
    }
    return priors;
  }
}
