package org.dermmgmt.eval;

import org.hipparchus.distribution.continuous.BetaDistribution;

/** Confidence intervals for a binomial proportion k/n, for rates counted on few cases. */
public final class Proportions {
  private static final double Z95 = 1.959963984540054;

  private Proportions() {}

  /**
   * Clopper–Pearson ("exact") 95% interval: the Beta quantiles Beta(0.025; k, n−k+1) and
   * Beta(0.975; k+1, n−k), 0 and 1 at the ends. Conservative (coverage ≥ 95%), which is what a
   * missed-malignancy figure on a few dozen malignant cases needs. {NaN, NaN} for n = 0.
   */
  public static double[] clopperPearson(int k, int n) {
    check(k, n);
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double lo = k == 0 ? 0 : new BetaDistribution(k, n - k + 1).inverseCumulativeProbability(0.025);
    double hi = k == n ? 1 : new BetaDistribution(k + 1, n - k).inverseCumulativeProbability(0.975);
    return new double[] {lo, hi};
  }

  /** Wilson score 95% interval (shorter than Clopper–Pearson, coverage near 95%). */
  public static double[] wilson(int k, int n) {
    check(k, n);
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double p = (double) k / n;
    double z2 = Z95 * Z95;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denom;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  private static void check(int k, int n) {
    if (n < 0 || k < 0 || k > n) {
      throw new IllegalArgumentException("need 0 <= k <= n, got k=" + k + ", n=" + n);
    }
  }
}
