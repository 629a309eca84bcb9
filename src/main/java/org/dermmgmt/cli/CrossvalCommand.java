package org.dermmgmt.cli;

import org.dermmgmt.train.Labels;
import org.dermmgmt.data.CaseSources;
import org.dermmgmt.data.CaseSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.eval.MetricSummary;
import org.dermmgmt.report.CrossValidation;
import org.dermmgmt.report.PolicyComparison;
import org.dermmgmt.train.TrainOptions;
import org.dermmgmt.infer.StreamFeatureMemo;
import picocli.CommandLine.Command;
import org.dermmgmt.model.script.Precision;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dermmgmt crossval}: stratified k-fold cross-validation of one model. */
@Command(
    name = "crossval",
    mixinStandardHelpOptions = true,
    description = "Stratified k-fold cross-validation over the chosen splits; mean ± sd of every metric.")
public final class CrossvalCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "Derm7pt release directory.") Path data;
  @Option(names = "--task", defaultValue = "multi", description = "diag, mgmt or multi (default ${DEFAULT-VALUE}).") String task;
  @Option(names = "--inputs", defaultValue = "CDM", description = "Letters from C, D, M (default ${DEFAULT-VALUE}).") String inputs;
  @Option(names = "--folds", defaultValue = "3", description = "Number of stratified folds (default ${DEFAULT-VALUE}).") int folds;
  @Option(names = "--splits", defaultValue = "train,valid", description = "Cases to fold (default ${DEFAULT-VALUE}).") String splits;
  @Option(names = "--out", required = true, description = "Output directory: one run and evaluation per fold, summary.json.") Path out;
  @Option(names = "--json", description = "Print the summary as JSON on stdout.") boolean json;
  @Mixin TrainOptionsMixin training;

  @Override
  public Integer call() throws Exception {
    if (folds < 2) {
      throw new UserInputException("--folds must be >= 2, got " + folds);
    }
    if (Files.exists(out.resolve("summary.json"))) {
      throw new UserInputException(out + " already holds a cross-validation; choose another --out");
    }
    CaseSource release = CaseSources.open(data);
    List<LesionCase> cases = TrainCommand.cases(release, Split.parseList(splits));
    Usable.requireImages(release, cases, "cross-validation");
    TrainOptions options = training.toOptions(task, inputs);
    Precision.setInference(options.resolvedPrecision()); // the folds' evaluations too
    Labels.require(options.task(), cases, release.describe());
    Path weights = training.resolveWeights(options);
    CrossValidation.Result r;
    // Frozen folds see each other's images: each image's features once (StreamFeatureMemo).
    try (StreamFeatureMemo.Scope memo = StreamFeatureMemo.during(StreamFeatureMemo.DEFAULT_BYTES)) {
      r = CrossValidation.run(release, cases, options, folds, out, weights, FeatureCacheDir.get(), System.err);
    }
    // The decision layer under cross-validation: argmax and safety on the calibrated probabilities,
    // each fold's safety threshold fitted on its own selection cases, decisions pooled.
    String policies = PolicyComparison.markdown(
        PolicyComparison.rows(options.task().cliName(), folds + "-fold CV (pooled)", r.foldEvaluations()));
    Files.writeString(out.resolve(PolicyComparison.FILE), policies);
    if (json) {
      System.out.println(r.summary().toJson().toPrettyString());
    } else {
      for (String metric : List.of("accuracy", "macro.sensitivity", "macro.specificity", "macro.precision", "macro.auroc",
          "over_excision_rate", "missed_malignancy_rate", "ece", "brier")) {
        MetricSummary.MeanSd m = r.summary().get(metric);
        System.out.printf("%-24s %.4f ± %.4f%n", metric, m.mean(), m.sd());
      }
      System.out.print(policies);
      System.out.println("per-fold runs and evaluations in " + out + " (policies: " + PolicyComparison.FILE + ")");
    }
    return 0;
  }
}
