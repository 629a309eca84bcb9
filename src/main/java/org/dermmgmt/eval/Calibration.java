package org.dermmgmt.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration of the predicted probabilities: ECE, multi-class Brier score, log loss, reliability
 * bins.
 */
public final class Calibration {
  /** Guo et al. (2017) use 15 bins; we follow them so numbers are comparable. */
  public static final int DEFAULT_BINS = 15;

  private Calibration() {}

  /** One reliability bin over confidences (lo, hi]; the first bin also holds confidence 0. */
  public record Bin(double lo, double hi, int count, double meanConfidence, double accuracy) {}

  /**
   * Top-label reliability bins: confidence = max_k p_k, correct = (argmax == truth). Equal-width
   * bins over [0,1]; empty bins have count 0 and NaN means.
   */
  public static List<Bin> reliability(Predictions p, int bins) {
    int[] count = new int[bins];
    double[] conf = new double[bins];
    double[] correct = new double[bins];
    int[] pred = p.predicted();
    for (int i = 0; i < p.n(); i++) {
      double c = p.scores()[i][pred[i]];
      int b = binOf(c, bins);
      count[b]++;
      conf[b] += c;
      correct[b] += pred[i] == p.truth()[i] ? 1 : 0;
    }
    List<Bin> out = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      double n = count[b];
      out.add(
          new Bin(
              (double) b / bins,
              (double) (b + 1) / bins,
              count[b],
              n == 0 ? Double.NaN : conf[b] / n,
              n == 0 ? Double.NaN : correct[b] / n));
    }
    return out;
  }

  /** Bin b holds confidences in (b/B, (b+1)/B]; values ≤ 0 go to bin 0, ≥ 1 to the last. */
  static int binOf(double confidence, int bins) {
    int b = (int) Math.ceil(confidence * bins) - 1;
    return Math.max(0, Math.min(bins - 1, b));
  }

  /**
   * Expected calibration error with top-label confidence and {@code bins} equal-width bins: Σ_b
   * (|B_b|/n)·|acc(B_b) − conf(B_b)|. NaN for no cases.
   */
  public static double ece(Predictions p, int bins) {
    if (p.n() == 0) {
      return Double.NaN;
    }
    double e = 0;
    for (Bin b : reliability(p, bins)) {
      if (b.count() > 0) {
        e += (double) b.count() / p.n() * Math.abs(b.accuracy() - b.meanConfidence());
      }
    }
    return e;
  }

  public static double ece(Predictions p) {
    return ece(p, DEFAULT_BINS);
  }

  /**
   * Multi-class Brier score: mean over cases of Σ_k (p_k − y_k)², y one-hot. Ranges 0 (perfect) to
   * 2. Not divided by k (scikit-learn's binary brier_score_loss convention differs).
   */
  public static double brier(Predictions p) {
    if (p.n() == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int i = 0; i < p.n(); i++) {
      for (int k = 0; k < p.k(); k++) {
        double d = p.scores()[i][k] - (p.truth()[i] == k ? 1 : 0);
        s += d * d;
      }
    }
    return s / p.n();
  }

  /** Probabilities are floored here before the log, so a hard 0 on the true class stays finite. */
  public static final double LOG_FLOOR = 1e-12;

  /**
   * Log loss: the mean negative log-likelihood of the true classes, −(1/n) Σ_i ln p_i,y_i (the
   * quantity temperature scaling minimises; a proper scoring rule, unlike ECE, whose equal-width
   * bins make it jump by a few hundredths when ~200 confidences shift across bin edges). 0 is
   * perfect; a uniform guess over k classes scores ln k. NaN for no cases.
   */
  public static double logLoss(Predictions p) {
    if (p.n() == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (int i = 0; i < p.n(); i++) {
      s -= Math.log(Math.max(LOG_FLOOR, p.scores()[i][p.truth()[i]]));
    }
    return s / p.n();
  }
}
