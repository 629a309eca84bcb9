package org.dermmgmt.cli;

import org.dermmgmt.data.CaseSources;
import org.dermmgmt.data.CaseSource;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.PairedComparison;
import org.dermmgmt.report.CrossValidation;
import org.dermmgmt.report.ModelEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dermmgmt compare}: paired comparison of two models on the same cases. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Paired comparison of B against A on the same cases: accuracy with McNemar's test (exact and mid-p),",
      "macro AUROC with a paired bootstrap and per-class DeLong tests, relative improvements as the paper reports them."
    })
public final class CompareCommand implements Callable<Integer> {
  @Option(names = "--a", required = true, paramLabel = "RUN_OR_EVAL_DIR",
      description = "Baseline: a run, an evaluation or a crossval output directory (two crossval directories"
          + " with the same folds are compared on their pooled held-out cases).") Path a;
  @Option(names = "--b", required = true, paramLabel = "RUN_OR_EVAL_DIR", description = "Challenger.") Path b;
  @Option(names = "--data", description = "Derm7pt release (needed when A or B is a run directory).") Path data;
  @Option(names = "--split", defaultValue = "test", description = "Split both models are compared on (default ${DEFAULT-VALUE}).") String split;
  @Option(names = "--seed", defaultValue = "42", description = "Seed of the bootstrap resampling (default ${DEFAULT-VALUE}).") long seed;
  @Option(names = "--json", description = "Print the comparison as JSON on stdout.") boolean json;

  @Override
  public Integer call() {
    Split s = Split.parse(split);
    CaseSource release = data == null ? null : CaseSources.open(data);
    List<LesionCase> cases = release == null ? List.of() : release.split(s);
    int foldsA = CrossValidation.foldPredictions(a).size();
    // Two cross-validations are compared on their pooled held-out cases; --split does not apply.
    String name = foldsA > 0 && !CrossValidation.foldPredictions(b).isEmpty()
        ? foldsA + "-fold cross-validation, held-out cases pooled"
        : s.name().toLowerCase();
    List<EvaluatedCase> ea = ModelEvaluation.casesOf(a, release, cases, name, seed);
    List<EvaluatedCase> eb = ModelEvaluation.casesOf(b, release, cases, name, seed);
    PairedComparison c = PairedComparison.compare(ea, eb, seed);
    if (json) {
      System.out.println(c.toJson().toPrettyString());
    } else {
      System.out.printf("n = %d paired cases (%s)%n", c.n(), name);
      System.out.printf("accuracy     A %.4f  B %.4f  diff %+.4f  relative %+.2f%%  McNemar exact p %.4g  mid-p %.4g%n",
          c.accuracyA(), c.accuracyB(), c.accuracyDifference(), 100 * c.accuracyRelativeImprovement(),
          c.mcnemar().pExact(), c.mcnemar().midP());
      System.out.printf("macro AUROC  A %.4f  B %.4f  diff %+.4f  relative %+.2f%%  bootstrap p %.4g  95%% CI [%.4f, %.4f]%n",
          c.macroAurocA(), c.macroAurocB(), c.macroAurocDifference(), 100 * c.macroAurocRelativeImprovement(),
          c.aurocBootstrapP(), c.aurocDiffCi95()[0], c.aurocDiffCi95()[1]);
      c.delong().forEach((m, d) -> System.out.printf("DeLong %-4s  A %.4f  B %.4f  z %+.3f  p %.4g%n", m, d.aucA(), d.aucB(), d.z(), d.p()));
    }
    return 0;
  }
}
