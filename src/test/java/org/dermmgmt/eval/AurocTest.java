package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AurocTest {
  @Test
  void noTies() {
    // Positives 0.35, 0.8 vs negatives 0.1, 0.4: pairs won 1+0+1+1 = 3 of 4.
    assertThat(Auroc.of(new double[] {0.1, 0.4, 0.35, 0.8},
        new boolean[] {false, false, true, true})).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void tiesCountHalf() {
    // Positives 0.5, 0.5, 0.9 vs negatives 0.5, 0.2: pairs .5 + 1 + .5 + 1 + 1 + 1 = 5 of 6.
    assertThat(Auroc.of(new double[] {0.5, 0.5, 0.5, 0.2, 0.9},
        new boolean[] {true, false, true, false, true})).isCloseTo(5.0 / 6, within(1e-12));
    // All scores equal: every pair is a tie.
    assertThat(Auroc.of(new double[] {0.3, 0.3, 0.3},
        new boolean[] {true, false, false})).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void degenerateIsNaN() {
    assertThat(Auroc.of(new double[] {0.1, 0.2}, new boolean[] {true, true})).isNaN();
    assertThat(Auroc.of(new double[] {0.1, 0.2}, new boolean[] {false, false})).isNaN();
    assertThat(Auroc.of(new double[0], new boolean[0])).isNaN();
  }

  @Test
  void oneVsRestMatchesScikitLearn() {
    // sklearn.metrics.roc_auc_score(y == c, P[:, c]) on Fixtures.Y / Fixtures.P (many ties).
    Predictions p = Predictions.management(Fixtures.small());
    assertThat(Auroc.oneVsRest(p, 0)).isCloseTo(0.78125, within(1e-12));
    assertThat(Auroc.oneVsRest(p, 1)).isCloseTo(0.7142857142857142, within(1e-12));
    assertThat(Auroc.oneVsRest(p, 2)).isCloseTo(0.78, within(1e-12));
    assertThat(ClassMetric.AUROC.macro(p))
        .isCloseTo((0.78125 + 0.7142857142857142 + 0.78) / 3, within(1e-12));
  }

  @Test
  void curveRunsFromOriginToOneOneAndTrapezoidMatchesAuroc() {
    double[] s = {0.5, 0.5, 0.5, 0.2, 0.9};
    boolean[] pos = {true, false, true, false, true};
    List<Auroc.RocPoint> c = Auroc.curve(s, pos);
    assertThat(c.get(0).fpr()).isZero();
    assertThat(c.get(c.size() - 1).fpr()).isEqualTo(1.0);
    assertThat(c.get(c.size() - 1).tpr()).isEqualTo(1.0);
    double area = 0;
    for (int i = 1; i < c.size(); i++) {
      area += (c.get(i).fpr() - c.get(i - 1).fpr()) * (c.get(i).tpr() + c.get(i - 1).tpr()) / 2;
    }
    assertThat(area).isCloseTo(Auroc.of(s, pos), within(1e-12));
  }
}
