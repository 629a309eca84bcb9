package org.dermmgmt.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.model.CasePrediction;
import org.dermmgmt.model.Task;

/** Converts model outputs into what the evaluation package measures. */
public final class EvaluatedCases {
  private EvaluatedCases() {}

  /**
   * One evaluated case per prediction; a diagnosis-only model's management is inferred through
   * {@code priors} (paper.md §3).
   */
  public static List<EvaluatedCase> of(
      Task task, List<CasePrediction> predictions, ManagementPriors priors, String split) {
    List<EvaluatedCase> out = new ArrayList<>(predictions.size());
    for (CasePrediction p : predictions) {
      LesionCase c = p.lesion();
      out.add(
          new EvaluatedCase(
              c.caseNum(), split, c.management(), TrainedModel.managementOf(task, p, priors),
              c.group(), p.head(task, Task.DIAGNOSIS)));
    }
    return out;
  }

  /** Priors P(management | diagnosis group) counted on the given cases. */
  public static ManagementPriors priorsOf(List<LesionCase> cases) {
    return ManagementPriors.estimate(
        cases.stream().map(c -> Map.entry(c.group(), c.management())).toList());
  }
}
