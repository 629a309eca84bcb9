package org.dermmgmt.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;
import me.tongfei.progressbar.ProgressBar;
import org.dermmgmt.Progress;
import org.dermmgmt.data.CaseSource;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.decide.DecisionPolicy;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.EvaluationWriter;
import org.dermmgmt.eval.Evaluator;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.eval.MetricsReport;
import org.dermmgmt.eval.PredictionsCsv;
import org.dermmgmt.infer.Inferer;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.train.EvaluatedCases;
import org.dermmgmt.infer.TrainedModel;

/**
 * Evaluates a trained run on a set of cases and writes metrics.json, predictions.csv and the plots.
 * The evaluation carries the model's provenance and its own (split, cases, seed, priors).
 */
public final class ModelEvaluation {
  /** The evaluated cases and their metrics. */
  public record Result(List<EvaluatedCase> cases, MetricsReport metrics, Path outDir) {}

  private ModelEvaluation() {}

  /**
   * @param tta augmented views averaged with the plain one; negative means the run's own setting
   * @param priors the management priors for a diagnosis-only model; null uses the run's own
   *     (estimated on its training cases)
   */
  public static Result run(
      Path runDir, CaseSource release, List<LesionCase> cases, String split, int tta,
      ManagementPriors priors, long seed, Path outDir) {
    return runCalibrated(runDir, release, cases, split, tta, priors, seed, outDir, false).result();
  }

  /**
   * An evaluation with its calibration: {@code result} on the probabilities the run's decisions
   * are made on (calibrated unless {@code uncalibrated}), {@code uncalibrated} the same cases as the
   * model gives them, and the run (its directory, calibration and stored policy).
   */
  public record Calibrated(Result result, List<EvaluatedCase> uncalibrated, Path run,
      TemperatureCalibration calibration, DecisionPolicy policy) {}

  /**
   * Evaluates with calibration (the run's calibration.json, unless {@code uncalibrated}); metrics.json
   * gains ece/brier before and after calibration and reliability_calibrated.png draws both curves.
   */
  public static Calibrated runCalibrated(
      Path runDir, CaseSource release, List<LesionCase> cases, String split, int tta,
      ManagementPriors priors, long seed, Path outDir, boolean uncalibrated) {
    try (TrainedModel model = TrainedModel.load(runDir)) {
      TemperatureCalibration cal = uncalibrated ? TemperatureCalibration.none() : model.calibration();
      Inferer inferer = tta < 0 ? model.inferer() : model.inferer(tta);
      int views = inferer.spec().views();
      List<Prediction> predictions;
      try (ProgressBar bar = Progress.bar("evaluate " + split, inferer.work(cases.size()) * model.size())) {
        predictions = TrainedModel.predict(release, cases, inferer, n -> bar.stepBy((long) n * model.size()));
      }
      ManagementPriors used = priors != null ? priors : model.priors();
      List<EvaluatedCase> raw = EvaluatedCases.of(model.task(), cases, predictions, used, split);
      List<EvaluatedCase> evaluated = EvaluatedCases.of(model.task(), cases, predictions, used, split, cal);
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("model", runDir.toAbsolutePath().toString());
      provenance.put("model_provenance", model.card().provenance());
      provenance.put("model_config_sha256", model.card().configSha256());
      provenance.put("inputs", model.card().model().inputs().toString());
      provenance.put("dataset_sha256", release.checksums());
      provenance.put("tta", views);
      provenance.put("inference", inferer.spec());
      provenance.put("inference_precision", model.precision().label());
      provenance.put("kernels", org.dermmgmt.model.script.Kernels.current().label());
      provenance.put("priors", model.task().predictsManagement() ? null : (priors != null ? "given" : "run training cases"));
      provenance.put("calibration", cal.isNone() ? "none" : cal.temperatures());
      provenance.put("dermmgmt_version", Provenance.projectVersion());
      provenance.put("git_commit", Provenance.gitCommit());
      MetricsReport report =
          Evaluator.evaluate(evaluated, split, model.task().cliName(), seed, provenance);
      EvaluationWriter.write(evaluated, report, outDir);
      CalibrationMetrics.write(raw, model.calibration(), outDir);
      return new Calibrated(new Result(evaluated, report, outDir), raw, runDir, cal, model.policy());
    }
  }

  /**
   * Reads the evaluated cases of a run, an evaluation or a cross-validation directory: an
   * evaluation directory has predictions.csv; a cross-validation's has its folds' held-out
   * predictions (pooled: every case once); a run directory is evaluated on {@code split} into
   * {@code runDir/eval-SPLIT}.
   */
  public static List<EvaluatedCase> casesOf(
      Path dir, CaseSource release, List<LesionCase> cases, String split, long seed) {
    Path csv = dir.resolve("predictions.csv");
    if (Files.isRegularFile(csv)) {
      return PredictionsCsv.read(csv);
    }
    List<Path> folds = CrossValidation.foldPredictions(dir);
    if (!folds.isEmpty()) {
      List<EvaluatedCase> pooled = new ArrayList<>();
      folds.forEach(f -> pooled.addAll(PredictionsCsv.read(f)));
      return pooled;
    }
    if (Files.isRegularFile(dir.resolve("config.json"))) {
      if (release == null) {
        throw new UserInputException(dir + " is a run directory: give --data to evaluate it");
      }
      return run(dir, release, cases, split, -1, null, seed, dir.resolve("eval-" + split)).cases();
    }
    throw new UserInputException(
        dir + " is neither a run directory (config.json), an evaluation directory (predictions.csv)"
            + " nor a cross-validation directory (fold-K/eval/predictions.csv)");
  }
}
