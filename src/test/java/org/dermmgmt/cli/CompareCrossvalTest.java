package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.data.Management;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.PredictionsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `compare` on two cross-validation output directories: their folds' held-out cases, pooled. */
class CompareCrossvalTest {
  private static final int CASES = 12;

  @TempDir Path dir;

  /** Writes fold-1 (cases 1-6) and, when asked, fold-2 (7-12); a case is right when {@code right} says so. */
  private Path crossval(String name, boolean bothFolds, java.util.function.IntPredicate right) {
    Path out = dir.resolve(name);
    for (int fold = 1; fold <= (bothFolds ? 2 : 1); fold++) {
      List<EvaluatedCase> cases = new ArrayList<>();
      for (int c = (fold - 1) * CASES / 2 + 1; c <= fold * CASES / 2; c++) {
        Management truth = Management.ALL.get(c % 3);
        int predicted = right.test(c) ? truth.ordinal() : (truth.ordinal() + 1) % 3;
        double[] p = {0.2, 0.2, 0.2};
        p[predicted] = 0.6;
        cases.add(new EvaluatedCase(c, "fold-" + fold, truth, p));
      }
      PredictionsCsv.write(cases, out.resolve("fold-" + fold).resolve("eval").resolve("predictions.csv"));
    }
    return out;
  }

  @Test
  void poolsTheFoldsHeldOutCasesAndPairsThem() {
    Path a = crossval("a", true, c -> c % 2 == 0); // 6 of 12 right
    Path b = crossval("b", true, c -> c % 4 != 1); // wrong on 1, 5, 9: 9 of 12 right

    CliRun run = CliRun.of("compare", "--a", a.toString(), "--b", b.toString());

    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(run.out()).contains("n = 12 paired cases (2-fold cross-validation, held-out cases pooled)");
    assertThat(run.out()).contains("accuracy     A 0.5000  B 0.7500  diff +0.2500");
  }

  @Test
  void aCrossValidationMissingAFoldIsRefusedWithTheCasesNamed() {
    Path a = crossval("a", true, c -> true);
    Path b = crossval("b", false, c -> true);

    CliRun run = CliRun.of("compare", "--a", a.toString(), "--b", b.toString());

    assertThat(run.exit()).as(run.all()).isNotZero();
    assertThat(run.lastErrLine()).contains("cover different cases").contains("only in A");
  }

  @Test
  void aFolderThatIsNoneOfTheThreeKindsIsNamed() {
    Path a = crossval("a", true, c -> true);

    CliRun run = CliRun.of("compare", "--a", a.toString(), "--b", dir.resolve("empty").toString());

    assertThat(run.exit()).as(run.all()).isNotZero();
    assertThat(run.lastErrLine()).contains("empty").contains("cross-validation directory");
  }
}
