package org.dermmgmt.report;

import org.dermmgmt.data.CaseSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.data.Folds;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.MetricSummary;
import org.dermmgmt.eval.MetricsReport;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.train.RunSetup;
import org.dermmgmt.train.TrainOptions;

/**
 * k-fold cross-validation: stratified folds (by management) over the chosen cases; each fold
 * trains on the other folds, with a stratified fifth of them held back to select the epoch, and
 * is evaluated on its own fold. Per-fold runs and evaluations are kept under the output directory.
 */
public final class CrossValidation {
  /** Per-fold metrics and their mean ± sd, and each fold's calibrated evaluation (for the policies). */
  public record Result(
      List<MetricsReport> folds, List<List<EvaluatedCase>> foldCases, MetricSummary summary,
      List<ModelEvaluation.Calibrated> foldEvaluations) {}

  private static final int SELECT_FRACTION = 5;
  private static final String FOLD_PREFIX = "fold-";

  private CrossValidation() {}

  public static Result run(
      CaseSource release, List<LesionCase> cases, TrainOptions options, int k, Path outDir,
      Path weights, Path featureCache, PrintStream err) {
    List<Folds.Fold> folds = Folds.stratified(cases, k, options.seed());
    List<MetricsReport> reports = new ArrayList<>();
    List<List<EvaluatedCase>> foldCases = new ArrayList<>();
    List<ModelEvaluation.Calibrated> evaluations = new ArrayList<>();
    for (Folds.Fold fold : folds) {
      err.printf("fold %d/%d: %d training cases, %d test cases%n",
          fold.index() + 1, k, fold.train().size(), fold.test().size());
      Folds.Fold inner = Folds.stratified(fold.train(), SELECT_FRACTION, options.seed() + fold.index()).get(0);
      Path foldDir = outDir.resolve(FOLD_PREFIX + (fold.index() + 1));
      RunDir run = new RunDir(foldDir.resolve("run"));
      RunSetup.train(options, release, weights, inner.train(), inner.test(), run, featureCache, err,
          Files.exists(run.state()) || Files.exists(run.config()));
      ModelEvaluation.Calibrated c =
          ModelEvaluation.runCalibrated(run.root(), release, fold.test(), FOLD_PREFIX + (fold.index() + 1),
              options.tta(), null, options.seed(), foldDir.resolve("eval"), false);
      ModelEvaluation.Result r = c.result();
      evaluations.add(c);
      reports.add(r.metrics());
      foldCases.add(r.cases());
    }
    MetricSummary summary = MetricSummary.of(reports);
    summary.write(outDir.resolve("summary.json"));
    return new Result(reports, foldCases, summary, evaluations);
  }

  /**
   * The held-out predictions.csv of each evaluated fold under a cross-validation's output
   * directory, in fold order; empty when {@code outDir} is not one.
   */
  public static List<Path> foldPredictions(Path outDir) {
    List<Path> files = new ArrayList<>();
    for (int k = 1; ; k++) {
      Path csv = outDir.resolve(FOLD_PREFIX + k).resolve("eval").resolve("predictions.csv");
      if (!Files.isRegularFile(csv)) {
        return files;
      }
      files.add(csv);
    }
  }
}
