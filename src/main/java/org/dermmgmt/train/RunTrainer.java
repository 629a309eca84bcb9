package org.dermmgmt.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.model.script.Precision;
import org.dermmgmt.infer.TrainedModel;

/**
 * Trains a run directory: one model, or with {@code --ensemble K} K members in {@code member-1} ..
 * {@code member-K}, each a complete run of its own (config, history, checkpoints, weights) with
 * seed {@code seed + i - 1}. An interrupted ensemble resumes at the member it was training; the
 * finished members are kept. {@link TrainedModel#load} averages the members' probabilities.
 */
public final class RunTrainer {
  private RunTrainer() {}

  public static TrainResult train(
      RunConfig config, TrainingData data, RunDir run, Path weights,
      Path featureCacheRoot, PrintStream err, boolean resume) {
    // The run's recorded arithmetic: its fine-tuning (FusionTrainer), frozen features and evaluations.
    Precision.setInference(config.options().resolvedPrecision());
    int members = config.options().ensemble();
    if (members <= 1) {
      TrainResult single = new FusionTrainer(config, data, run, weights, featureCacheRoot, err).train(resume);
      calibrate(run, data, err);
      return single;
    }
    long started = System.nanoTime();
    run.create();
    if (!resume || !Files.isRegularFile(run.config())) {
      run.writeJson(run.config(), config);
    }
    EvaluatedCases.writePriors(data.train(), run.priors());
    int epochs = 0;
    List<Integer> bestEpochs = new ArrayList<>();
    for (int i = 1; i <= members; i++) {
      RunDir member = member(run, i);
      RunConfig memberConfig = memberConfig(config, i);
      err.printf("ensemble member %d of %d (seed %d) -> %s%n", i, members, memberConfig.options().seed(), member.root());
      TrainResult r =
          new FusionTrainer(memberConfig, data, member, weights, featureCacheRoot, err)
              .train(Files.isRegularFile(member.state()));
      epochs += r.epochsRun();
      bestEpochs.add(r.bestEpoch());
    }
    SelectionMetrics.Score score;
    try (TrainedModel ensemble = TrainedModel.load(run.root())) {
      // The members' selection views: the ensemble's own figure on the same cases.
      List<Prediction> p = TrainedModel.predict(data.source(), data.select(),
          ensemble.inferer(config.selection().views()), null);
      score = SelectionMetrics.score(config.options().task(), data.select(), p, ensemble.priors());
    }
    err.printf("members' best epochs %s; ensemble on the selection split: accuracy %.4f, macro AUROC %.4f%n",
        bestEpochs, score.accuracy(), score.macroAuroc());
    TrainResult result =
        new TrainResult(run.root(), epochs, 0, score.accuracy(), score.macroAuroc(),
            (System.nanoTime() - started) / 1e9, "mean of the probabilities of " + members + " members");
    run.writeJson(run.result(), result);
    calibrate(run, data, err);
    return result;
  }

  /** Calibration and the default policy, stored with the run; a run without selection cases has none. */
  private static void calibrate(RunDir run, TrainingData data, PrintStream err) {
    if (!data.select().isEmpty()) {
      RunCalibration.write(run, data, err);
    }
  }

  /** The run directory of ensemble member {@code i} (1-based). */
  public static RunDir member(RunDir run, int i) {
    return run.member(i);
  }

  static RunConfig memberConfig(RunConfig config, int i) {
    TrainOptions o = config.options().member(i);
    Map<String, Object> provenance = new LinkedHashMap<>(config.provenance());
    provenance.put("seed", o.seed());
    provenance.put("ensemble_member", i);
    return config.withOptions(o, provenance);
  }
}
