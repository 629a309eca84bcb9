package org.dermmgmt.cli;

import org.dermmgmt.train.Labels;
import org.dermmgmt.data.CaseSources;
import org.dermmgmt.data.CaseSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.model.Inputs;
import org.dermmgmt.model.Task;
import org.dermmgmt.train.RunSetup;
import org.dermmgmt.train.TrainResult;
import org.dermmgmt.train.TrainingData;
import org.dermmgmt.train.RunConfig;
import org.dermmgmt.infer.RunDir;
import org.dermmgmt.train.RunTrainer;
import org.dermmgmt.train.TrainOptions;
import org.dermmgmt.infer.ModelCard;
import org.dermmgmt.infer.StreamFeatureMemo;
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

  @Option(names = "--init-from", paramLabel = "RUN_DIR",
      description = "Start from a trained run's weights (e.g. a Derm7pt model, to train on a clinic's cases); "
          + "parameters whose shapes differ (a new metadata vocabulary) keep their initialisation.")
  Path initFrom;

  @Mixin TrainOptionsMixin training;

  @Option(names = "--json", description = "Print the result as JSON on stdout.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    RunConfig config;
    RunDir run;
    CaseSource release;
    Path w;
    boolean resuming = resume != null;
    if (resuming) {
      run = new RunDir(resume);
      if (!Files.isRegularFile(run.config())) {
        throw new UserInputException("--resume " + resume + ": no config.json there; is it a run directory?");
      }
      List<String> given = new ArrayList<>(training.given());
      if (task != null) given.add("--task");
      if (inputs != null) given.add("--inputs");
      if (data != null) given.add("--data");
      if (out != null) given.add("--out");
      if (initFrom != null) given.add("--init-from");
      if (!given.isEmpty()) {
        throw new UserInputException("--resume continues " + resume + " with the options it recorded; "
            + String.join(", ", given) + " cannot change them: resume without them, or start a new run with --out");
      }
      config = run.readJson(run.config(), RunConfig.class);
      release = CaseSources.open(Path.of(String.valueOf(config.provenance().get("dataset_dir"))));
      w = RecordedWeights.of(config, training.weights, training.weightsDir);
    } else {
      if (data == null) {
        throw new UserInputException("--data is required (the Derm7pt release directory)");
      }
      TrainOptions options = training.toOptions(task, inputs); // bad options first: cheaper than a dataset
      release = CaseSources.open(data);
      run = new RunDir(out != null ? out : TrainOptions.defaultRunDir(options.task(), options.inputs()));
      if (Files.exists(run.state()) || Files.exists(run.config())) {
        throw new UserInputException(
            "run directory " + run.root() + " already holds a run; use --resume " + run.root()
                + " to continue it or --out to choose another directory");
      }
      Labels.require(options.task(), cases(release, options.trainSplits()), release.describe());
      w = training.resolveWeights(options);
      config = RunSetup.config(options, release, w, cases(release, options.trainSplits()),
          release.split(options.selectSplit()));
      if (initFrom != null) {
        if (options.mixed()) {
          throw new UserInputException("--init-from starts one backbone's model from another run; this run mixes "
              + options.backboneLabel() + ": add --backbone with one of them");
        }
        config = config.withInitFrom(initFrom(initFrom));
      }
    }
    TrainOptions o = config.options();
    TrainingData td =
        new TrainingData(release, byCaseNum(release, config.trainCases()), byCaseNum(release, config.selectCases()));
    Usable.requireImages(release, td.train(), "training");
    Usable.requireImages(release, td.select(), "selection");
    System.err.printf(
        "training %s on %d cases (%s), selecting on %d cases, %s mode -> %s%n",
        o.task().cliName(), td.train().size(), o.inputs(), td.select().size(),
        o.freezeBackbone() ? "frozen-backbone" : "fine-tuning", run.root());
    TrainResult result;
    // A frozen run's calibration pass reads the features its training has just read (StreamFeatureMemo).
    boolean frozen = o.partsOrSelf().stream().allMatch(TrainOptions::freezeBackbone);
    try (StreamFeatureMemo.Scope memo = frozen ? StreamFeatureMemo.during(StreamFeatureMemo.DEFAULT_BYTES) : () -> {}) {
      result = RunTrainer.train(config, td, run, w, FeatureCacheDir.get(), System.err, resuming);
    }
    if (json) {
      System.out.println(RunDir.JSON.writeValueAsString(result));
    } else {
      System.out.printf(
          "model: %s; select accuracy %.4f, macro AUROC %.4f; in %s%n",
          result.model(), result.bestAccuracy(), result.bestMacroAuroc(), run.root());
    }
    return 0;
  }

  private static RunConfig.InitFrom initFrom(Path dir) {
    if (!Files.isRegularFile(dir.resolve("config.json"))) {
      throw new UserInputException("--init-from " + dir + ": not a trained run (no config.json)");
    }
    return new RunConfig.InitFrom(dir.toAbsolutePath().normalize().toString(),
        ModelCard.read(new RunDir(dir)).configSha256());
  }

  static List<LesionCase> cases(CaseSource release, List<Split> splits) {
    List<LesionCase> all = new ArrayList<>();
    for (Split s : splits) {
      all.addAll(release.split(s));
    }
    return all;
  }

  static List<LesionCase> byCaseNum(CaseSource release, List<Integer> caseNums) {
    Map<Integer, LesionCase> index = new LinkedHashMap<>();
    for (LesionCase c : release.cases()) {
      index.put(c.caseNum(), c);
    }
    List<LesionCase> out = new ArrayList<>();
    for (int n : caseNums) {
      LesionCase c = index.get(n);
      if (c == null) {
        throw new UserInputException("case " + n + " of the run is not in " + release.describe());
      }
      out.add(c);
    }
    return out;
  }
}
