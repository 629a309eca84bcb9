package org.dermmgmt.cli;

import org.dermmgmt.data.CaseSources;
import org.dermmgmt.data.CaseSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.decide.DecisionEvaluation;
import org.dermmgmt.decide.PolicySpec;
import org.dermmgmt.report.PolicyEvaluation;
import java.util.List;
import java.util.concurrent.Callable;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.eval.ManagementPriors;
import org.dermmgmt.eval.MetricsReport;
import org.dermmgmt.report.ModelEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dermmgmt evaluate}: management metrics, predictions and plots of a run on a split. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate a trained run on a split: metrics.json, predictions.csv, ROC/confusion/reliability plots.")
public final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "Run directory written by train.") Path model;
  @Option(names = "--data", required = true, description = "Derm7pt release directory.") Path data;
  @Option(names = "--split", defaultValue = "test", description = "train, valid or test (default ${DEFAULT-VALUE}).") String split;
  @Option(names = "--out", description = "Output directory (default RUN_DIR/eval-SPLIT).") Path out;
  @Option(names = "--tta", description = "Augmented views averaged with the plain one (default: the run's --tta).") Integer tta;

  @Option(names = "--priors", paramLabel = "run|paper|FILE", defaultValue = "run",
      description = "Management priors for a diag model: the run's training cases (run), paper.md's whole-dataset table (paper), or a priors JSON file.")
  String priors;

  @Option(names = "--seed", defaultValue = "42", description = "Bootstrap seed.") long seed;
  @Option(names = "--json", description = "Print metrics.json on stdout.") boolean json;

  @picocli.CommandLine.Mixin PolicyOptions decision = new PolicyOptions();
  @picocli.CommandLine.Mixin PrecisionOption precision = new PrecisionOption();

  @Override
  public Integer call() throws Exception {
    precision.apply();
    Split s = Split.parse(split);
    PolicySpec spec = decision.spec();
    double referBelow = decision.referBelow();
    CaseSource release = CaseSources.open(data);
    List<LesionCase> cases = release.split(s);
    Usable.requireImages(release, cases, s.name().toLowerCase());
    Path dir = out != null ? out : model.resolve("eval-" + s.name().toLowerCase());
    ModelEvaluation.Calibrated c = ModelEvaluation.runCalibrated(model, release, cases, s.name().toLowerCase(),
        tta == null ? -1 : tta, priors(priors), seed, dir, decision.uncalibrated);
    DecisionEvaluation d = PolicyEvaluation.write(c, model, spec, referBelow);
    if (json) {
      System.out.println(Files.readString(dir.resolve("metrics.json")));
    } else {
      System.out.println(Summaries.line(c.result().metrics()));
      System.out.printf("policy %s: accuracy %.4f, coverage %.4f, missed malignancy %.4f, ECE %.4f -> %.4f,"
              + " log loss %.4f -> %.4f%n",
          d.metrics().policy(), d.metrics().accuracy(), d.metrics().coverage(), d.metrics().missedMalignancyRate(),
          d.eceBefore(), d.eceAfter(), d.logLossBefore(), d.logLossAfter());
      System.out.println("written to " + dir);
    }
    return 0;
  }

  static ManagementPriors priors(String choice) {
    return switch (choice) {
      case "run" -> null;
      case "paper" -> ManagementPriors.paperWholeDataset();
      default -> ManagementPriors.read(Path.of(choice));
    };
  }
}
