package org.dermmgmt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.model.BackboneWeights;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.Task;
import org.dermmgmt.train.FusionTrainer;
import org.dermmgmt.train.RunConfig;
import org.dermmgmt.train.RunDir;
import org.dermmgmt.train.RunTrainer;
import org.dermmgmt.train.TrainOptions;
import org.dermmgmt.train.TrainProvenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dermmgmt train}: trains one of the paper's three models on chosen splits. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model (diag, mgmt or multi) and select its best epoch on a selection split.",
      "Unset options take the defaults measured best on Derm7pt's validation split (BENCHMARKS.md)."
    })
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", description = "Derm7pt release directory (official release_v0 layout).")
  Path data;

  @Option(names = "--task", description = "diag, mgmt or multi (default: multi).")
  String task;

  @Option(names = "--inputs", description = "Letters from C (clinical), D (dermoscopic), M (metadata); default CDM.")
  String inputs;

  @Option(names = "--out", description = "Run directory (default: runs/<task>-<inputs>).")
  Path out;

  @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run with its saved options.")
  Path resume;

  @Mixin TrainOptionsMixin training;

  @Option(names = "--json", description = "Print the result as JSON on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    RunConfig config;
    RunDir run;
    Derm7ptRelease release;
    boolean resuming = resume != null;
    if (resuming) {
      run = new RunDir(resume);
      if (!Files.isRegularFile(run.config())) {
        throw new UserInputException("--resume " + resume + ": no config.json there; is it a run directory?");
      }
      config = run.readJson(run.config(), RunConfig.class);
      release = Derm7ptRelease.open(Path.of(String.valueOf(config.provenance().get("dataset_dir"))));
    } else {
      if (data == null) {
        throw new UserInputException("--data is required (the Derm7pt release directory)");
      }
      release = Derm7ptRelease.open(data);
      TrainOptions options = training.toOptions(task, inputs);
      run = new RunDir(out != null ? out : TrainOptions.defaultRunDir(options.task(), options.inputs()));
      if (Files.exists(run.state()) || Files.exists(run.config())) {
        throw new UserInputException(
            "run directory " + run.root() + " already holds a run; use --resume " + run.root()
                + " to continue it or --out to choose another directory");
      }
      Path w = options.fusionConfig().pretrained() ? BackboneWeights.resolve(training.weights) : null;
      List<LesionCase> trainCases = cases(release, options.trainSplits());
      List<LesionCase> selectCases = release.split(options.selectSplit());
      config =
          new RunConfig(
              RunConfig.FORMAT, options, options.fusionConfig(), options.preprocessing(),
              TrainProvenance.of(release, w, options.seed()),
              trainCases.stream().map(LesionCase::caseNum).toList(),
              selectCases.stream().map(LesionCase::caseNum).toList());
    }
    TrainOptions o = config.options();
    Path w = o.fusionConfig().pretrained() ? BackboneWeights.resolve(training.weights) : null;
    FusionTrainer.TrainingData td =
        new FusionTrainer.TrainingData(release, byCaseNum(release, config.trainCases()), byCaseNum(release, config.selectCases()));
    Usable.requireImages(release, td.train(), "training");
    Usable.requireImages(release, td.select(), "selection");
    System.err.printf(
        "training %s on %d cases (%s), selecting on %d cases, %s mode -> %s%n",
        o.task().cliName(), td.train().size(), o.inputs(), td.select().size(),
        o.freezeBackbone() ? "frozen-backbone" : "fine-tuning", run.root());
    FusionTrainer.TrainResult result =
        RunTrainer.train(config, td, run, w, FeatureCacheDir.get(), System.err, resuming);
    if (json) {
      System.out.println(RunDir.JSON.writeValueAsString(result));
    } else if (o.ensemble() > 1) {
      System.out.printf(
          "ensemble of %d models: select accuracy %.4f, macro AUROC %.4f; members in %s%n",
          o.ensemble(), result.bestAccuracy(), result.bestMacroAuroc(), run.root());
    } else {
      System.out.printf(
          "best epoch %d of %d: select accuracy %.4f, macro AUROC %.4f; model in %s%n",
          result.bestEpoch(), result.epochsRun(), result.bestAccuracy(), result.bestMacroAuroc(),
          run.model());
    }
    return 0;
  }

  static List<LesionCase> cases(Derm7ptRelease release, List<Split> splits) {
    List<LesionCase> all = new ArrayList<>();
    for (Split s : splits) {
      all.addAll(release.split(s));
    }
    return all;
  }

  static List<LesionCase> byCaseNum(Derm7ptRelease release, List<Integer> caseNums) {
    Map<Integer, LesionCase> index = new LinkedHashMap<>();
    for (LesionCase c : release.cases()) {
      index.put(c.caseNum(), c);
    }
    List<LesionCase> out = new ArrayList<>();
    for (int n : caseNums) {
      LesionCase c = index.get(n);
      if (c == null) {
        throw new UserInputException("case " + n + " of the run is not in " + release.root());
      }
      out.add(c);
    }
    return out;
  }
}
