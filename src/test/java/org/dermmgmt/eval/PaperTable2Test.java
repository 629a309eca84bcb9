package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.dermmgmt.data.Management;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the MGMT_infr confusion matrix reconstructed in paper.md §3 must reproduce Table 2's
 * infr row (per class and "Average") to the 4 decimals published.
 */
class PaperTable2Test {
  static final int[][] INFR = {{8, 0, 32}, {6, 0, 106}, {4, 0, 239}};

  @Test
  void reconstructedInfrMatrixReproducesTable2() {
    List<EvaluatedCase> cases = Fixtures.fromConfusion(INFR);
    MetricsReport r = Evaluator.evaluate(cases, "test", "mgmt_infr", 7L, Map.of(), 200);

    assertThat(r.n()).isEqualTo(395);
    assertThat(r.confusion()).isDeepEqualTo(INFR);
    assertThat(round4(r.accuracy())).isEqualTo(0.6253);

    assertThat(round4(r.macro().sensitivity())).isEqualTo(0.3945);
    assertThat(round4(r.macro().specificity())).isEqualTo(0.6880);
    assertThat(round4(r.macro().precision())).isEqualTo(0.3595);

    ClassScores none = r.perClass(Management.NONE);
    assertThat(round4(none.sensitivity())).isEqualTo(0.2);
    assertThat(round4(none.specificity())).isEqualTo(0.9718);
    assertThat(round4(none.precision())).isEqualTo(0.4444);
    ClassScores clnc = r.perClass(Management.CLNC);
    assertThat(clnc.sensitivity()).isEqualTo(0.0);
    assertThat(clnc.specificity()).isEqualTo(1.0);
    assertThat(clnc.precision()).isEqualTo(0.0); // never predicted: paper's convention
    ClassScores exc = r.perClass(Management.EXC);
    assertThat(round4(exc.sensitivity())).isEqualTo(0.9835);
    assertThat(round4(exc.specificity())).isEqualTo(0.0921);
    assertThat(round4(exc.precision())).isEqualTo(0.6340);

    // paper.md §5.1: 138 non-EXC cases predicted EXC, out of 395.
    assertThat(r.overExcisionRate()).isCloseTo(138.0 / 395, within(1e-12));
    // No diagnosis truth given: the rate is undefined.
    assertThat(r.missedMalignancyRate()).isNaN();
  }

  @Test
  void overExcisionDifferenceIsTheAbstracts2456Percent() {
    // MGMT_pred: 41 non-EXC cases predicted EXC (EXC specificity 0.7303 = 111/152).
    // One realisation of paper.md §5.1's MGMT_pred counts (off-diagonals not unique).
    int[][] pred = {{20, 10, 10}, {1, 80, 31}, {5, 62, 176}};
    double infr = ClinicalRates.overExcisionRate(Fixtures.fromConfusion(INFR));
    double direct = ClinicalRates.overExcisionRate(Fixtures.fromConfusion(pred));
    assertThat(round4(infr - direct)).isEqualTo(0.2456);
  }

  @Test
  void confusionMatrixCountsDirectly() {
    ConfusionMatrix cm = ConfusionMatrix.ofCounts(INFR);
    assertThat(cm.total()).isEqualTo(395);
    assertThat(cm.trueNegatives(0)).isEqualTo(345);
    assertThat(cm.falsePositives(0)).isEqualTo(10);
    assertThat(cm.predicted(1)).isZero();
    assertThat(cm.actual(2)).isEqualTo(243);
  }

  private static double round4(double v) {
    return Math.round(v * 1e4) / 1e4;
  }
}
