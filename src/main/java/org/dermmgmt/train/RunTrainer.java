package org.dermmgmt.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a run directory: one model, or with {@code --ensemble K} K members in {@code member-1} ..
 * {@code member-K}, each a complete run of its own (config, history, checkpoints, weights) with
 * seed {@code seed + i - 1}. An interrupted ensemble resumes at the member it was training; the
 * finished members are kept. {@link TrainedModel#load} averages the members' probabilities.
 */
public final class RunTrainer {
  private RunTrainer() {}

  public static FusionTrainer.TrainResult train(
      RunConfig config, FusionTrainer.TrainingData data, RunDir run, Path weights,
      Path featureCacheRoot, PrintStream err, boolean resume) {
    int members = config.options().ensemble();
    if (members <= 1) {
      return new FusionTrainer(config, data, run, weights, featureCacheRoot, err).train(resume);
    }
    long started = System.nanoTime();
    run.create();
    if (!resume || !Files.isRegularFile(run.config())) {
      run.writeJson(run.config(), config);
    }
    EvaluatedCases.priorsOf(data.train()).write(run.priors());
    int epochs = 0;
    List<Integer> bestEpochs = new ArrayList<>();
    for (int i = 1; i <= members; i++) {
      RunDir member = member(run, i);
      RunConfig memberConfig = memberConfig(config, i);
      err.printf("ensemble member %d of %d (seed %d) -> %s%n", i, members, memberConfig.options().seed(), member.root());
      FusionTrainer.TrainResult r =
          new FusionTrainer(memberConfig, data, member, weights, featureCacheRoot, err)
              .train(Files.isRegularFile(member.state()));
      epochs += r.epochsRun();
      bestEpochs.add(r.bestEpoch());
    }
    SelectionMetrics.Score score;
    try (TrainedModel ensemble = TrainedModel.load(run.root())) {
      // Plain view, as each member's epoch selection: the ensemble's own figure on the same cases.
      score = SelectionMetrics.score(config.options().task(),
          ensemble.predict(data.release(), data.select(), 0), ensemble.priors());
    }
    err.printf("members' best epochs %s; ensemble on the selection split: accuracy %.4f, macro AUROC %.4f%n",
        bestEpochs, score.accuracy(), score.macroAuroc());
    FusionTrainer.TrainResult result =
        new FusionTrainer.TrainResult(run.root(), epochs, 0, score.accuracy(), score.macroAuroc(),
            (System.nanoTime() - started) / 1e9);
    run.writeJson(run.result(), result);
    return result;
  }

  /** The run directory of ensemble member {@code i} (1-based). */
  public static RunDir member(RunDir run, int i) {
    return new RunDir(run.root().resolve("member-" + i));
  }

  static RunConfig memberConfig(RunConfig config, int i) {
    TrainOptions o = config.options().member(i);
    Map<String, Object> provenance = new LinkedHashMap<>(config.provenance());
    provenance.put("seed", o.seed());
    provenance.put("ensemble_member", i);
    return new RunConfig(config.format(), o, config.model(), config.preprocessing(), provenance,
        config.trainCases(), config.selectCases());
  }
}
