package org.dermmgmt.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.infer.TrainedModel;

/**
 * Trains a mixed run: each part (one backbone's complete options, an ensemble or a single model)
 * as a run of its own in {@code part-1} .. {@code part-K}, then the run itself, whose model is the
 * mean of the parts' probabilities with equal weight, each part seeing its own preprocessing
 * ({@link TrainedModel#load}). The calibration and the default policy are fitted on the mixed
 * model (loaded once for its selection score and its calibration). A part that has started (its config.json exists) resumes where it stands, so an
 * interrupted mixed run loses no finished part.
 */
final class MixedTrainer {
  private MixedTrainer() {}

  static TrainResult train(
      RunConfig config, TrainingData data, RunDir run, Path weightsFolder, Path featureCacheRoot,
      PrintStream err, boolean resume) {
    long started = System.nanoTime();
    run.create();
    if (!resume || !Files.isRegularFile(run.config())) {
      run.writeJson(run.config(), config);
    }
    EvaluatedCases.writePriors(data.train(), run.priors());
    List<TrainOptions> parts = config.options().parts();
    int epochs = 0;
    for (int i = 1; i <= parts.size(); i++) {
      TrainOptions options = parts.get(i - 1);
      RunDir part = run.part(i);
      Path weights = MixedWeights.of(options, weightsFolder);
      boolean begun = Files.isRegularFile(part.config());
      RunConfig partConfig = begun
          ? part.readJson(part.config(), RunConfig.class)
          : RunSetup.config(options, data.source(), weights, data.train(), data.select());
      err.printf("mixed run part %d of %d (%s, %d member%s) -> %s%n", i, parts.size(), options.backbone(),
          options.ensemble(), options.ensemble() == 1 ? "" : "s", part.root());
      epochs += RunTrainer.train(partConfig, data, part, weights, featureCacheRoot, err, begun).epochsRun();
    }
    final int epochsRun = epochs;
    return RunTrainer.finishAveraged(config, data, run, err, score -> {
      err.printf("mixed run (%s) on the selection split: accuracy %.4f, macro AUROC %.4f%n",
          config.options().backboneLabel(), score.accuracy(), score.macroAuroc());
      return new TrainResult(run.root(), epochsRun, 0, score.accuracy(), score.macroAuroc(),
          (System.nanoTime() - started) / 1e9,
          "mean of the probabilities of " + parts.size() + " parts (" + config.options().backboneLabel() + ")");
    });
  }
}
