package org.dermmgmt.eval;

import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * DeLong, DeLong & Clarke-Pearson (1988) test for two correlated AUROCs measured on the same cases.
 * With ψ(x,y) = 1 if x > y, ½ if equal, 0 otherwise, positives X_i (m) and negatives Y_j (n):
 * V10_r(i) = mean_j ψ(X_ri, Y_j), V01_r(j) = mean_i ψ(X_ri, Y_j), AUC_r = mean V10_r;
 * S10, S01 their 2×2 sample covariances (divisor m−1, n−1);
 * Var(AUC_a − AUC_b) = (S10_aa + S10_bb − 2 S10_ab)/m + (S01_aa + S01_bb − 2 S01_ab)/n;
 * z = (AUC_b − AUC_a)/√Var, two-sided p = 2Φ(−|z|).
 *
 * <p>Degenerate cases, documented rather than thrown: fewer than 2 positives or negatives → z and
 * p NaN; zero variance → z NaN and p = 1 if the AUCs are equal, else z ±∞ and p = 0.
 */
public record DeLong(double aucA, double aucB, double variance, double z, double p) {
  private static final NormalDistribution STD_NORMAL = new NormalDistribution(0, 1);

  public static DeLong test(double[] scoresA, double[] scoresB, boolean[] positive) {
    int m = 0;
    for (boolean b : positive) {
      m += b ? 1 : 0;
    }
    int n = positive.length - m;
    if (m < 2 || n < 2) {
      return new DeLong(
          Auroc.of(scoresA, positive), Auroc.of(scoresB, positive), Double.NaN, Double.NaN,
          Double.NaN);
    }
    double[][] v10 = new double[2][m];
    double[][] v01 = new double[2][n];
    double[][] s = {scoresA, scoresB};
    for (int r = 0; r < 2; r++) {
      int i = 0;
      for (int a = 0; a < positive.length; a++) {
        if (!positive[a]) {
          continue;
        }
        int j = 0;
        for (int b = 0; b < positive.length; b++) {
          if (positive[b]) {
            continue;
          }
          double psi = s[r][a] > s[r][b] ? 1 : s[r][a] == s[r][b] ? 0.5 : 0;
          v10[r][i] += psi;
          v01[r][j] += psi;
          j++;
        }
        i++;
      }
      for (int k = 0; k < m; k++) {
        v10[r][k] /= n;
      }
      for (int k = 0; k < n; k++) {
        v01[r][k] /= m;
      }
    }
    double aucA = mean(v10[0]);
    double aucB = mean(v10[1]);
    double var =
        (cov(v10[0], v10[0]) + cov(v10[1], v10[1]) - 2 * cov(v10[0], v10[1])) / m
            + (cov(v01[0], v01[0]) + cov(v01[1], v01[1]) - 2 * cov(v01[0], v01[1])) / n;
    double diff = aucB - aucA;
    if (!(var > 1e-300)) {
      return diff == 0
          ? new DeLong(aucA, aucB, 0.0, Double.NaN, 1.0)
          : new DeLong(aucA, aucB, 0.0, Math.copySign(Double.POSITIVE_INFINITY, diff), 0.0);
    }
    double z = diff / Math.sqrt(var);
    return new DeLong(aucA, aucB, var, z, 2 * STD_NORMAL.cumulativeProbability(-Math.abs(z)));
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  private static double cov(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (x[i] - mx) * (y[i] - my);
    }
    return s / (x.length - 1);
  }
}
