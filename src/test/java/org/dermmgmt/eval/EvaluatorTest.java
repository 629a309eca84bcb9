package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.dermmgmt.data.Management;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  @Test
  void argmaxTiesGoToTheLowerOrdinal() {
    assertThat(new EvaluatedCase(1, "t", Management.EXC, new double[] {.4, .4, .2}).predicted())
        .isEqualTo(Management.NONE);
    assertThat(new EvaluatedCase(1, "t", Management.EXC, new double[] {.2, .4, .4}).predicted())
        .isEqualTo(Management.CLNC);
  }

  @Test
  void rejectsBadProbabilityVectors() {
    assertThatThrownBy(() -> new EvaluatedCase(1, "t", Management.EXC, new double[] {.5, .5}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new EvaluatedCase(1, "t", Management.EXC, new double[] {Double.NaN, .5, .5}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyAndSingleClassInputsGiveNaNNotExceptions() {
    MetricsReport empty = Evaluator.evaluate(List.of(), "test", "t", 1L, Map.of(), 10);
    assertThat(empty.n()).isZero();
    assertThat(empty.accuracy()).isNaN();
    assertThat(empty.macro().auroc()).isNaN();
    assertThat(empty.ci95Accuracy()).containsExactly(Double.NaN, Double.NaN);
    assertThat(empty.toJson().get("accuracy").isNull()).isTrue();

    // Only EXC cases: EXC specificity and every AUROC are undefined; sensitivity of absent
    // classes too. Macro averages skip undefined classes.
    MetricsReport onlyExc = Evaluator.evaluate(
        Fixtures.fromConfusion(new int[][] {{0, 0, 0}, {0, 0, 0}, {1, 1, 2}}),
        "test", "t", 1L, Map.of(), 10);
    assertThat(onlyExc.perClass(Management.EXC).specificity()).isNaN();
    assertThat(onlyExc.perClass(Management.EXC).sensitivity()).isEqualTo(0.5);
    assertThat(onlyExc.perClass(Management.NONE).sensitivity()).isNaN();
    assertThat(onlyExc.macro().sensitivity()).isEqualTo(0.5);
    assertThat(onlyExc.macro().auroc()).isNaN();
  }
}
