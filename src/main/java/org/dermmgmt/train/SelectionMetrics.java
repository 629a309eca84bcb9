package org.dermmgmt.train;

import java.util.List;
import org.dermmgmt.eval.ClassMetric;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.eval.Predictions;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.model.Task;

/** The management metrics that pick a run's best epoch on the selection split. */
final class SelectionMetrics {
  record Score(double accuracy, double macroAuroc) {}

  private SelectionMetrics() {}

  static Score score(Task task, List<LesionCase> cases, List<Prediction> predictions, ManagementPriors priors) {
    Predictions p = Predictions.management(EvaluatedCases.of(task, cases, predictions, priors, "select"));
    double auroc = ClassMetric.AUROC.macro(p);
    // An undefined AUROC (a class absent from a tiny selection set) must not win selection.
    return new Score(p.confusion().accuracy(), Double.isNaN(auroc) ? 0 : auroc);
  }
}
