package org.dermmgmt.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.Split;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.Task;
import org.dermmgmt.report.ReportWriter;
import org.dermmgmt.report.Reproduction;
import org.dermmgmt.train.TrainOptions;
import org.dermmgmt.train.TrainPresets;
import org.dermmgmt.infer.StreamFeatureMemo;
import picocli.CommandLine.Command;
import org.dermmgmt.model.script.Precision;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dermmgmt reproduce}: the paper's experiments and the report beside its tables. */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description = {
      "Train and evaluate the paper's experiments (MGMT_infr, MGMT_pred, MGMT_pred,multi, the input ablation,",
      "3-fold cross-validation) and write report.md and report.html beside the paper's Tables 2-4.",
      "The three main models use the train defaults (a fine-tuned ResNet-50 and three MobileNetV2s, averaged); the ablation and cross-validation use",
      "the frozen-backbone preset (MobileNetV2) unless --fine-tune-all. --quick runs everything in frozen-backbone mode",
      "with few epochs. --backbone sets the backbone of every run (each from its own preset; a+b mixes them)."
    })
public final class ReproduceCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "Derm7pt release directory.") Path data;
  @Option(names = "--out", defaultValue = "out/reproduce", description = "Output directory (default ${DEFAULT-VALUE}).") Path out;
  @Option(names = "--eval-split", defaultValue = "test", description = "Split the report is computed on (default ${DEFAULT-VALUE}).") String evalSplit;
  @Option(names = "--quick", description = "Reduced run: frozen backbone, few epochs; minutes on 2 cores.") boolean quick;
  @Option(names = "--fine-tune-all", description = "Fine-tune the ablation and cross-validation models too (hours on a CPU).") boolean fineTuneAll;
  @Option(names = "--folds", defaultValue = "3", description = "Folds of the cross-validation rows (default ${DEFAULT-VALUE}).") int folds;
  @Mixin TrainOptionsMixin training;

  @Override
  public Integer call() {
    Split split = Split.parse(evalSplit);
    Derm7ptRelease release = Derm7ptRelease.open(data);
    Usable.requireImages(release, release.split(split), split.label());
    Usable.requireImages(release, release.split(Split.TRAIN), "train");
    Usable.requireImages(release, release.split(Split.VALID), "valid");
    TrainOptions fineTuned = training.preset(Task.MULTI, false);
    TrainOptions frozen = training.preset(Task.MULTI, true);
    TrainOptions quickPreset = TrainPresets.quick(frozen);
    TrainOptions main = training.apply(quick ? quickPreset : fineTuned, Task.MULTI, Inputs.ALL);
    Precision.setInference(main.resolvedPrecision()); // every model's evaluation too
    TrainOptions secondary = training.apply(quick ? quickPreset : fineTuneAll ? fineTuned : frozen, Task.MULTI, Inputs.ALL);
    Reproduction.Settings settings = new Reproduction.Settings(out, split, folds, main, secondary,
        training.resolveWeights(main), training.resolveWeights(secondary), FeatureCacheDir.get(), quick);
    Reproduction.Outcome outcome;
    // Its many frozen-backbone models see the same images: each image's features once.
    try (StreamFeatureMemo.Scope memo = StreamFeatureMemo.during(StreamFeatureMemo.DEFAULT_BYTES)) {
      outcome = new Reproduction(release, settings, System.err).run();
    }
    new ReportWriter(outcome).write(out);
    System.err.printf("reproduce: finished in %.1f min (estimated %.1f min)%n", outcome.seconds() / 60, outcome.estimatedSeconds() / 60);
    System.out.println(out.resolve("report.md"));
    System.out.println(out.resolve("report.html"));
    return 0;
  }
}
