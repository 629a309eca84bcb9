package org.dermmgmt.eval;

import org.hipparchus.distribution.discrete.BinomialDistribution;

/**
 * Exact McNemar test on paired correctness, as MATLAB testcholdout and the first author's
 * McNemar-mid-p port (paper.md §5.1). Only the discordant pairs count: b01 = A right and B wrong,
 * b10 = A wrong and B right. Under H0 min(b01,b10) ~ Binomial(b01+b10, ½).
 *
 * @param pExact two-sided exact p = min(1, 2·P(X ≤ min))
 * @param midP two-sided mid-p = 2·P(X ≤ min) − P(X = min), capped at 1 (less conservative;
 *     Fagerland et al. 2013)
 */
public record McNemar(int b01, int b10, double pExact, double midP) {

  public static McNemar test(int b01, int b10) {
    if (b01 < 0 || b10 < 0) {
      throw new IllegalArgumentException("negative counts");
    }
    int n = b01 + b10;
    if (n == 0) {
      // No discordant pair: no evidence of a difference.
      return new McNemar(b01, b10, 1.0, 1.0);
    }
    int k = Math.min(b01, b10);
    BinomialDistribution bin = new BinomialDistribution(n, 0.5);
    double cdf = bin.cumulativeProbability(k);
    double pmf = bin.probability(k);
    return new McNemar(b01, b10, Math.min(1.0, 2 * cdf), Math.min(1.0, 2 * cdf - pmf));
  }

  /** From per-case correctness of A and B (same order). */
  public static McNemar test(boolean[] correctA, boolean[] correctB) {
    int b01 = 0;
    int b10 = 0;
    for (int i = 0; i < correctA.length; i++) {
      if (correctA[i] && !correctB[i]) {
        b01++;
      } else if (!correctA[i] && correctB[i]) {
        b10++;
      }
    }
    return test(b01, b10);
  }
}
