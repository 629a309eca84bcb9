package org.dermmgmt.eval;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;

/** Turns evaluated cases into a {@link MetricsReport}. */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates all {@code cases} (they are not filtered by split: {@code split} is the label written
   * into the report), with {@link Bootstrap#DEFAULT_RESAMPLES} seeded bootstrap resamples.
   */
  public static MetricsReport evaluate(
      List<EvaluatedCase> cases, String split, String task, long seed,
      Map<String, Object> provenance) {
    return evaluate(cases, split, task, seed, provenance, Bootstrap.DEFAULT_RESAMPLES);
  }

  public static MetricsReport evaluate(
      List<EvaluatedCase> cases, String split, String task, long seed,
      Map<String, Object> provenance, int resamples) {
    Predictions p = Predictions.management(cases);
    ConfusionMatrix cm = p.confusion();
    Map<Management, ClassScores> perClass = new EnumMap<>(Management.class);
    double[][] byMetric = new double[ClassMetric.values().length][];
    for (ClassMetric m : ClassMetric.values()) {
      byMetric[m.ordinal()] = m.perClass(p, cm);
    }
    double[] macro = new double[byMetric.length];
    for (ClassMetric m : ClassMetric.values()) {
      macro[m.ordinal()] = ClassMetric.macro(byMetric[m.ordinal()]);
    }
    for (Management g : Management.ALL) {
      double[] v = new double[byMetric.length];
      for (ClassMetric m : ClassMetric.values()) {
        v[m.ordinal()] = byMetric[m.ordinal()][g.ordinal()];
      }
      perClass.put(g, ClassScores.of(v));
    }
    // Two different streams for the two CIs would also be valid; one seed per statistic keeps
    // each CI reproducible on its own.
    double[] ciAcc =
        Bootstrap.percentileCi95(p, q -> q.confusion().accuracy(), resamples, seed);
    double[] ciAuc =
        Bootstrap.percentileCi95(p, ClassMetric.AUROC::macro, resamples, seed);
    return new MetricsReport(
        split,
        cases.size(),
        task,
        cm.accuracy(),
        ClassScores.of(macro),
        perClass,
        cm.counts(),
        ClinicalRates.overExcisionRate(cases),
        ClinicalRates.missedMalignancyRate(cases),
        Calibration.ece(p),
        Calibration.brier(p),
        ciAcc,
        ciAuc,
        diagnosis(cases),
        seed,
        resamples,
        Calibration.DEFAULT_BINS,
        provenance);
  }

  /** Diagnosis metrics over the cases that carry both a true diagnosis and pDiagnosis. */
  static MetricsReport.DiagnosisScores diagnosis(List<EvaluatedCase> cases) {
    List<EvaluatedCase> withDiag =
        cases.stream().filter(c -> c.trueDiagnosis() != null && c.pDiagnosis() != null).toList();
    if (withDiag.isEmpty()) {
      return null;
    }
    int[] t = new int[withDiag.size()];
    double[][] s = new double[withDiag.size()][];
    for (int i = 0; i < t.length; i++) {
      t[i] = withDiag.get(i).trueDiagnosis().ordinal();
      s[i] = withDiag.get(i).pDiagnosis();
    }
    Predictions p = new Predictions(t, s, DiagnosisGroup.ALL.size());
    return new MetricsReport.DiagnosisScores(
        t.length, p.confusion().accuracy(), ClassMetric.AUROC.macro(p));
  }
}
