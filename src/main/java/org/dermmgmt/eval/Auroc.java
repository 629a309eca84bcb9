package org.dermmgmt.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Area under the ROC curve via the Mann–Whitney U statistic: the probability that a random
 * positive scores higher than a random negative, ties counting ½ (equal to the trapezoidal area of
 * the ROC curve and to scikit-learn's roc_auc_score). When the positive or the negative set is
 * empty the area is undefined and NaN is returned (scikit-learn raises instead); macro averages skip
 * such classes, see {@link ClassMetric#macro}.
 */
public final class Auroc {
  private Auroc() {}

  /** AUROC of {@code scores} for the binary labels {@code positive}. */
  public static double of(double[] scores, boolean[] positive) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    // Mid-ranks (1-based) so that tied scores share their average rank: that is the ½ for ties.
    double rankSumPos = 0;
    long nPos = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      double midRank = (start + end) / 2.0 + 1.0;
      for (int j = start; j <= end; j++) {
        if (positive[order[j]]) {
          rankSumPos += midRank;
          nPos++;
        }
      }
      start = end + 1;
    }
    long nNeg = n - nPos;
    if (nPos == 0 || nNeg == 0) {
      return Double.NaN;
    }
    return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double) nPos * nNeg);
  }

  /** One-vs-rest AUROC of class c. */
  public static double oneVsRest(Predictions p, int c) {
    double[] s = new double[p.n()];
    boolean[] pos = new boolean[p.n()];
    for (int i = 0; i < s.length; i++) {
      s[i] = p.scores()[i][c];
      pos[i] = p.truth()[i] == c;
    }
    return of(s, pos);
  }

  /** A point of the ROC curve. */
  public record RocPoint(double fpr, double tpr, double threshold) {}

  /**
   * The ROC curve from (0,0) to (1,1), one point per distinct threshold (score ≥ threshold is
   * called positive). Empty when either class is absent.
   */
  public static List<RocPoint> curve(double[] scores, boolean[] positive) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    long nPos = 0;
    for (boolean b : positive) {
      nPos += b ? 1 : 0;
    }
    long nNeg = n - nPos;
    List<RocPoint> pts = new ArrayList<>();
    if (nPos == 0 || nNeg == 0) {
      return pts;
    }
    pts.add(new RocPoint(0, 0, Double.POSITIVE_INFINITY));
    long tp = 0;
    long fp = 0;
    for (int j = 0; j < n; j++) {
      if (positive[order[j]]) {
        tp++;
      } else {
        fp++;
      }
      boolean lastOfTie = j + 1 == n || scores[order[j + 1]] != scores[order[j]];
      if (lastOfTie) {
        pts.add(new RocPoint((double) fp / nNeg, (double) tp / nPos, scores[order[j]]));
      }
    }
    return pts;
  }
}
