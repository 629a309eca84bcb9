package org.dermmgmt.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.model.script.Precision;
import org.dermmgmt.infer.TrainedModel;

/**
 * Trains a run directory: one model, or with {@code --ensemble K} K members in {@code member-1} ..
 * {@code member-K}, each a complete run of its own (config, history, checkpoints, weights) with
 * seed {@code seed + i - 1}. An interrupted ensemble resumes at the member it was training; the
 * finished members are kept. {@link TrainedModel#load} averages the members' probabilities. A
 * mixed run (several backbones) is trained part by part by {@link MixedTrainer}.
 *
 * @see MixedTrainer
 */
public final class RunTrainer {
  private RunTrainer() {}

  public static TrainResult train(
      RunConfig config, TrainingData data, RunDir run, Path weights,
      Path featureCacheRoot, PrintStream err, boolean resume) {
    // The run's recorded arithmetic: its fine-tuning (FusionTrainer), frozen features and evaluations.
    Precision.setInference(config.options().resolvedPrecision());
    if (config.options().mixed()) {
      return MixedTrainer.train(config, data, run, weights, featureCacheRoot, err, resume);
    }
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
    final int epochsRun = epochs;
    return finishAveraged(config, data, run, err, score -> {
      err.printf("members' best epochs %s; ensemble on the selection split: accuracy %.4f, macro AUROC %.4f%n",
          bestEpochs, score.accuracy(), score.macroAuroc());
      return new TrainResult(run.root(), epochsRun, 0, score.accuracy(), score.macroAuroc(),
          (System.nanoTime() - started) / 1e9, "mean of the probabilities of " + members + " members");
    });
  }

  /**
   * The end of a run whose model averages networks (an ensemble, or a mixed run's parts), loaded
   * once: its score on the selection cases in the members' selection views (its own figure on the
   * cases each member was selected on), its calibration, and then its result.json, written last
   * so that a run with a result is a finished run.
   */
  static TrainResult finishAveraged(
      RunConfig config, TrainingData data, RunDir run, PrintStream err, Function<SelectionMetrics.Score, TrainResult> result) {
    TrainResult r;
    try (TrainedModel model = TrainedModel.load(run.root())) {
      List<Prediction> p = TrainedModel.predict(data.source(), data.select(),
          model.inferer(config.selection().views()), null);
      r = result.apply(SelectionMetrics.score(config.options().task(), data.select(), p, model.priors()));
      if (!data.select().isEmpty()) {
        RunCalibration.write(model, run, data, err);
      }
    }
    run.writeJson(run.result(), r);
    return r;
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
