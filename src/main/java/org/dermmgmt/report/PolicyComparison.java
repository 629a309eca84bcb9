package org.dermmgmt.report;

import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.decide.ArgmaxPolicy;
import org.dermmgmt.decide.Decider;
import org.dermmgmt.decide.Decision;
import org.dermmgmt.decide.DecisionEvaluation;
import org.dermmgmt.decide.DecisionPolicy;
import org.dermmgmt.decide.PolicySpec;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.PolicyMetrics;

/**
 * reproduce's comparison of the argmax and safety policies for one model, on calibrated
 * probabilities: on the evaluation split (the run's safety threshold fitted on its own selection
 * cases) or pooled over cross-validation folds (each fold's threshold fitted on that fold's
 * selection cases and applied to that fold's test cases only, so no threshold sees the cases it
 * decides).
 */
public final class PolicyComparison {
  /**
   * One model under one policy.
   *
   * @param where "valid", "test" or e.g. "3-fold CV (pooled)"
   * @param metrics null when the policy could not be fitted ({@code problem} says why, e.g. a run
   *     trained before calibration cases were stored)
   */
  public record Row(String model, String where, String policy, PolicyMetrics metrics, double eceBefore,
      double eceAfter, double logLossBefore, double logLossAfter, String problem) {}

  private PolicyComparison() {}

  /** The safety policy at its default sensitivity (0.95 of malignant selection cases excised). */
  static final PolicySpec SAFETY = PolicySpec.parse("safety", null, null);

  /** Rows for argmax and safety on the evaluated parts (one run and its cases per part). */
  public static List<Row> rows(String model, String where, List<ModelEvaluation.Calibrated> parts) {
    List<Row> out = new ArrayList<>();
    out.add(row(model, where, parts, false));
    out.add(row(model, where, parts, true));
    return out;
  }

  private static Row row(String model, String where, List<ModelEvaluation.Calibrated> parts, boolean safety) {
    List<EvaluatedCase> uncalibrated = new ArrayList<>();
    List<EvaluatedCase> calibrated = new ArrayList<>();
    List<Decision> decisions = new ArrayList<>();
    String name = safety ? "safety" : "argmax";
    for (ModelEvaluation.Calibrated part : parts) {
      DecisionPolicy policy;
      try {
        policy = safety
            ? PolicyEvaluation.policy(part.run(), SAFETY, part.policy(), part.calibration())
            : new ArgmaxPolicy();
      } catch (UserInputException e) {
        return new Row(model, where, name, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, e.getMessage());
      }
      Decider decider = Decider.of(policy);
      for (EvaluatedCase c : part.result().cases()) {
        decisions.add(decider.decide(c.pManagement()));
      }
      uncalibrated.addAll(part.uncalibrated());
      calibrated.addAll(part.result().cases());
    }
    DecisionEvaluation e = DecisionEvaluation.of(uncalibrated, calibrated, decisions, name);
    return new Row(model, where, name, e.metrics(), e.eceBefore(), e.eceAfter(), e.logLossBefore(),
        e.logLossAfter(), null);
  }

  /** Where {@code crossval} writes its table. */
  public static final String FILE = "policies.md";

  /** The table as Markdown (crossval's output and policies.md). */
  public static String markdown(List<Row> rows) {
    return table(rows).markdown();
  }

  /** The report's table: one line per model, place and policy. */
  static Table table(List<Row> rows) {
    Table t = new Table("Model", "Cases", "Policy", "Accuracy", "Over-excision rate",
        "Missed malignancy (95% CI)", "Missed melanomas", "NPV of non-excision", "ECE uncalibrated → calibrated",
        "Log loss uncalibrated → calibrated");
    for (Row r : rows) {
      PolicyMetrics m = r.metrics();
      if (m == null) {
        t.row(r.model(), r.where(), r.policy(), "–", "–", "not fitted: " + r.problem(), "–", "–", "–", "–");
        continue;
      }
      t.row(r.model(), r.where(), r.policy(), ReportWriter.f(m.accuracy()), ReportWriter.f(m.overExcisionRate()),
          ReportWriter.f(m.missedMalignancyRate()) + " " + ReportWriter.ci(m.missedMalignancyCi95())
              + " (" + m.missedMalignant() + "/" + m.malignant() + ")",
          m.missedMelanomas() + "/" + m.melanomas(), ReportWriter.f(m.npvNonExcision()),
          ReportWriter.f(r.eceBefore()) + " → " + ReportWriter.f(r.eceAfter()),
          ReportWriter.f(r.logLossBefore()) + " → " + ReportWriter.f(r.logLossAfter()));
    }
    return t;
  }
}
