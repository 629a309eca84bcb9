package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {
  @Test
  void mcnemarExactAndMidP() {
    // b01 = 2, b10 = 8, n = 10, X ~ Bin(10, ½):
    // P(X ≤ 2) = (C(10,0)+C(10,1)+C(10,2))/1024 = (1+10+45)/1024 = 56/1024
    // exact p = 2·56/1024 = 112/1024 = 0.109375; P(X = 2) = 45/1024
    // mid-p = 112/1024 − 45/1024 = 67/1024 = 0.0654296875
    McNemar t = McNemar.test(2, 8);
    assertThat(t.pExact()).isCloseTo(0.109375, within(1e-12));
    assertThat(t.midP()).isCloseTo(0.0654296875, within(1e-12));
    assertThat(McNemar.test(8, 2)).isEqualTo(new McNemar(8, 2, t.pExact(), t.midP()));
    // Balanced: 2·P(X ≤ 5) = 1276/1024 → exact p capped at 1; mid-p = 2·P(X ≤ 5) − P(X = 5)
    // = (1276 − 252)/1024 = 1 exactly.
    assertThat(McNemar.test(5, 5).pExact()).isEqualTo(1.0);
    assertThat(McNemar.test(5, 5).midP()).isCloseTo(1.0, within(1e-12));
    assertThat(McNemar.test(0, 0).pExact()).isEqualTo(1.0);
  }

  @Test
  void delongByHand() {
    // Positives = first three. ψ components:
    //   A: V10 = (1, 1, 2/3), V01 = (2/3, 1, 1); AUC_A = 8/9
    //   B: V10 = (1, 1/3, 1), V01 = (2/3, 2/3, 1); AUC_B = 7/9
    // Var(AUC_A − AUC_B) = var(V10_A − V10_B)/m + var(V01_A − V01_B)/n
    //   V10 diff = (0, 2/3, −1/3): sample var = 7/27; V01 diff = (0, 1/3, 0): sample var = 1/27
    //   → (7/27)/3 + (1/27)/3 = 8/81
    // z = (7/9 − 8/9)/√(8/81) = −1/(2√2) = −0.35355; p = 2Φ(−0.35355) = 0.72367 (numpy check).
    double[] a = {0.9, 0.6, 0.4, 0.5, 0.3, 0.2};
    double[] b = {0.8, 0.3, 0.7, 0.6, 0.4, 0.1};
    boolean[] pos = {true, true, true, false, false, false};
    DeLong d = DeLong.test(a, b, pos);
    assertThat(d.aucA()).isCloseTo(8.0 / 9, within(1e-12));
    assertThat(d.aucB()).isCloseTo(7.0 / 9, within(1e-12));
    assertThat(d.variance()).isCloseTo(8.0 / 81, within(1e-12));
    assertThat(d.z()).isCloseTo(-1 / (2 * Math.sqrt(2)), within(1e-12));
    assertThat(d.p()).isCloseTo(0.7236736098317631, within(1e-9));
    DeLong same = DeLong.test(a, a, pos);
    assertThat(same.p()).isEqualTo(1.0);
  }

  @Test
  void symmetricAndRelativeImprovement() {
    List<EvaluatedCase> a = Fixtures.fromConfusion(PaperTable2Test.INFR);
    // B: a better model on the same cases (numbered identically by fromConfusion).
    List<EvaluatedCase> b = new ArrayList<>();
    for (EvaluatedCase c : a) {
      double[] p = {0.2, 0.2, 0.2};
      int t = c.truth().ordinal();
      p[c.caseNum() % 4 == 0 ? (t + 1) % 3 : t] = 0.6;
      b.add(new EvaluatedCase(c.caseNum(), "test", c.truth(), p));
    }
    Collections.shuffle(b, new java.util.Random(3)); // order must not matter
    PairedComparison ab = PairedComparison.compare(a, b, 11L, 300);
    PairedComparison ba = PairedComparison.compare(b, a, 11L, 300);
    assertThat(ab.n()).isEqualTo(395);
    assertThat(ab.accuracyA()).isCloseTo(247.0 / 395, within(1e-12));
    assertThat(ab.accuracyRelativeImprovement())
        .isCloseTo((ab.accuracyB() - ab.accuracyA()) / ab.accuracyA(), within(1e-12));
    assertThat(ba.accuracyDifference()).isCloseTo(-ab.accuracyDifference(), within(1e-12));
    assertThat(ba.mcnemar().b01()).isEqualTo(ab.mcnemar().b10());
    assertThat(ba.mcnemar().pExact()).isEqualTo(ab.mcnemar().pExact());
    assertThat(ba.mcnemar().midP()).isEqualTo(ab.mcnemar().midP());
    assertThat(ab.mcnemar().midP()).isLessThan(0.001);
    assertThat(ba.macroAurocDifference()).isCloseTo(-ab.macroAurocDifference(), within(1e-12));
    assertThat(ba.aurocBootstrapP()).isCloseTo(ab.aurocBootstrapP(), within(1e-12));
    for (Management m : Management.ALL) {
      assertThat(ba.delong().get(m).z()).isCloseTo(-ab.delong().get(m).z(), within(1e-12));
      assertThat(ba.delong().get(m).p()).isCloseTo(ab.delong().get(m).p(), within(1e-12));
    }
    assertThat(ab.toJson().get("accuracy").get("mcnemar").has("mid_p")).isTrue();
  }

  @Test
  void differentCaseSetsAreRejected() {
    List<EvaluatedCase> a = Fixtures.small();
    List<EvaluatedCase> b = new ArrayList<>(a.subList(0, 8));
    assertThatThrownBy(() -> PairedComparison.compare(a, b, 1L))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("only in A 2 (108, 109)");
  }
}
