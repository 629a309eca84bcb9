package org.dermmgmt.decide;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.PolicyMetrics;
import org.dermmgmt.eval.PredictionsCsv;

/**
 * The decision layer on an evaluation's predictions.csv, before it is wired into {@code
 * evaluate}: K-fold cross-fitting on the evaluated cases (the temperature and the safety threshold
 * are fitted on K−1 folds and applied to the held-out fold, so no case is judged by a threshold
 * fitted on itself), then argmax and safety compared on the pooled held-out cases, the
 * calibration before/after and the risk–coverage curve of the safety policy.
 *
 * <pre>java -cp target/dermmgmt.jar org.dermmgmt.decide.DecisionBench PREDICTIONS_CSV OUT_DIR [FOLDS] [SEED] [S]</pre>
 */
public final class DecisionBench {
  private DecisionBench() {}

  public static void main(String[] args) {
    Path csv = Path.of(args[0]);
    Path out = Path.of(args[1]);
    int folds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    double s = args.length > 4 ? Double.parseDouble(args[4])
        : SafetyPolicy.DEFAULT_MIN_MALIGNANT_EXCISION;
    List<EvaluatedCase> cases = PredictionsCsv.read(csv);
    Result r = crossFit(cases, folds, seed, s);
    r.safety().write(out);
    DecideJson.write(r.argmax().toJson(), out.resolve("argmax_metrics.json"));
    System.out.println(r.table(csv.toString(), folds, seed));
  }

  /** Pooled held-out results; temperatures and thresholds per fold. */
  public record Result(DecisionEvaluation argmax, DecisionEvaluation safety,
      List<Double> temperatures, List<Double> thresholds) {
    String table(String source, int folds, long seed) {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%s: %d cases, %d-fold cross-fitting (seed %d)%n",
          source, argmax.metrics().n(), folds, seed));
      sb.append(String.format(Locale.ROOT,
          "temperature per fold %s; safety threshold per fold %s%n", fmt(temperatures),
          fmt(thresholds)));
      sb.append(String.format(Locale.ROOT,
          "ECE %.4f -> %.4f, Brier %.4f -> %.4f, log loss %.4f -> %.4f (uncalibrated -> calibrated)%n",
          safety.eceBefore(), safety.eceAfter(), safety.brierBefore(), safety.brierAfter(),
          safety.logLossBefore(), safety.logLossAfter()));
      sb.append("| policy | accuracy | over-excision | missed malignancy [95% CI] | missed MEL "
          + "| NPV non-excision [95% CI] | coverage @ acc 0.90 | coverage @ 0 missed |\n");
      sb.append("|---|---|---|---|---|---|---|---|\n");
      for (DecisionEvaluation e : List.of(argmax, safety)) {
        PolicyMetrics m = e.metrics();
        sb.append(String.format(Locale.ROOT,
            "| %s | %.4f | %.4f | %.4f (%d/%d) [%.3f, %.3f] | %d/%d | %.4f (%d/%d) [%.3f, %.3f]"
                + " | %.3f | %.3f |%n",
            m.policy().split(":")[0], m.accuracy(), m.overExcisionRate(),
            m.missedMalignancyRate(), m.missedMalignant(), m.malignant(),
            m.missedMalignancyCi95()[0], m.missedMalignancyCi95()[1], m.missedMelanomas(),
            m.melanomas(), m.npvNonExcision(), m.nonExcised() - m.missedMalignant(),
            m.nonExcised(), m.npvCi95()[0], m.npvCi95()[1], e.summary().coverageAtAccuracy(),
            e.summary().coverageAtZeroMissed()));
      }
      return sb.toString();
    }

    private static String fmt(List<Double> v) {
      return v.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList().toString();
    }
  }

  public static Result crossFit(List<EvaluatedCase> cases, int folds, long seed, double s) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new Random(seed));
    Map<Integer, Integer> foldOf = new HashMap<>();
    for (int j = 0; j < idx.size(); j++) {
      foldOf.put(idx.get(j), j % folds);
    }
    List<EvaluatedCase> held = new ArrayList<>();
    List<EvaluatedCase> heldCalibrated = new ArrayList<>();
    List<Decision> argmaxDecisions = new ArrayList<>();
    List<Decision> safetyDecisions = new ArrayList<>();
    List<Double> temps = new ArrayList<>();
    List<Double> thresholds = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      List<EvaluatedCase> fit = new ArrayList<>();
      List<EvaluatedCase> test = new ArrayList<>();
      for (int i = 0; i < cases.size(); i++) {
        (foldOf.get(i) == f ? test : fit).add(cases.get(i));
      }
      TemperatureCalibration cal = CalibratedCases.fit("folds != " + f, fit);
      SafetyPolicy safety = SafetyPolicy.fit(CalibratedCases.apply(cal, fit), s,
          "folds != " + f + " (calibrated)");
      temps.add(cal.temperature(CalibratedCases.MANAGEMENT));
      thresholds.add(safety.excisionThreshold());
      List<EvaluatedCase> calibrated = CalibratedCases.apply(cal, test);
      held.addAll(test);
      heldCalibrated.addAll(calibrated);
      // Each held-out case is decided by its own fold's fitted policy.
      for (EvaluatedCase c : calibrated) {
        argmaxDecisions.add(Decider.of(new ArgmaxPolicy()).decide(c.pManagement()));
        safetyDecisions.add(Decider.of(safety).decide(c.pManagement()));
      }
    }
    return new Result(
        DecisionEvaluation.of(held, heldCalibrated, argmaxDecisions, new ArgmaxPolicy().describe()),
        DecisionEvaluation.of(held, heldCalibrated, safetyDecisions, String.format(Locale.ROOT,
            "safety: min malignant excision %.2f, threshold fitted per fold", s)),
        temps, thresholds);
  }
}
