package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionsTest {
  @Test
  void clopperPearsonMatchesRsBinomTest() {
    // R: binom.test(k, n)$conf.int
    assertThat(Proportions.clopperPearson(0, 20)).containsExactly(new double[] {0, 0.1684335},
        within(1e-6));
    assertThat(Proportions.clopperPearson(1, 20)).containsExactly(
        new double[] {0.001265, 0.248732}, within(1e-6));
    assertThat(Proportions.clopperPearson(5, 50)).containsExactly(
        new double[] {0.03327509, 0.21813537}, within(1e-6));
    assertThat(Proportions.clopperPearson(20, 20)[1]).isEqualTo(1.0);
    assertThat(Proportions.clopperPearson(0, 0)).containsOnly(Double.NaN);
  }

  @Test
  void wilsonMatchesTheClosedForm() {
    assertThat(Proportions.wilson(5, 50)).containsExactly(new double[] {0.04347, 0.21360},
        within(5e-5));
    double[] cp = Proportions.clopperPearson(5, 50);
    double[] w = Proportions.wilson(5, 50);
    assertThat(w[1] - w[0]).isLessThan(cp[1] - cp[0]);
  }
}
