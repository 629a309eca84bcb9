package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BootstrapTest {
  @Test
  void quantileInterpolatesLikeNumpy() {
    // numpy.quantile([1,2,3,4], 0.025) = 1.075, 0.975 → 3.925
    double[] v = {4, 1, 3, 2, Double.NaN};
    assertThat(Bootstrap.quantile(v, 0.025)).isCloseTo(1.075, within(1e-12));
    assertThat(Bootstrap.quantile(v, 0.975)).isCloseTo(3.925, within(1e-12));
    assertThat(Bootstrap.quantile(new double[] {Double.NaN}, 0.5)).isNaN();
  }

  @Test
  void seededAndContainsEstimate() {
    Predictions p = Predictions.management(Fixtures.fromConfusion(PaperTable2Test.INFR));
    double[] a = Bootstrap.percentileCi95(p, q -> q.confusion().accuracy(), 500, 42L);
    double[] b = Bootstrap.percentileCi95(p, q -> q.confusion().accuracy(), 500, 42L);
    double[] c = Bootstrap.percentileCi95(p, q -> q.confusion().accuracy(), 500, 43L);
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
    assertThat(a[0]).isLessThan(0.6253).isGreaterThan(0.55);
    assertThat(a[1]).isGreaterThan(0.6253).isLessThan(0.70);
  }
}
