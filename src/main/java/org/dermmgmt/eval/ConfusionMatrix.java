package org.dermmgmt.eval;

/**
 * A k×k confusion matrix, rows = truth, columns = prediction. One-vs-rest counts for class c are
 * TP = m[c][c], FN = row sum − TP, FP = column sum − TP, TN = the rest.
 */
public final class ConfusionMatrix {
  private final int[][] m;

  private ConfusionMatrix(int[][] m) {
    this.m = m;
  }

  public static ConfusionMatrix of(int[] truth, int[] predicted, int k) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException("truth and predicted differ in length");
    }
    int[][] m = new int[k][k];
    for (int i = 0; i < truth.length; i++) {
      m[truth[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(m);
  }

  /** From ready counts, e.g. the reconstructed MGMT_infr matrix of paper.md §3. */
  public static ConfusionMatrix ofCounts(int[][] counts) {
    int[][] m = new int[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i].length != counts.length) {
        throw new IllegalArgumentException("confusion matrix must be square");
      }
      m[i] = counts[i].clone();
    }
    return new ConfusionMatrix(m);
  }

  public int k() {
    return m.length;
  }

  public int count(int truth, int predicted) {
    return m[truth][predicted];
  }

  public int[][] counts() {
    int[][] c = new int[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = m[i].clone();
    }
    return c;
  }

  public int total() {
    int t = 0;
    for (int[] row : m) {
      for (int v : row) {
        t += v;
      }
    }
    return t;
  }

  public int truePositives(int c) {
    return m[c][c];
  }

  /** Cases whose truth is c. */
  public int actual(int c) {
    int s = 0;
    for (int v : m[c]) {
      s += v;
    }
    return s;
  }

  /** Cases predicted as c. */
  public int predicted(int c) {
    int s = 0;
    for (int[] row : m) {
      s += row[c];
    }
    return s;
  }

  public int falseNegatives(int c) {
    return actual(c) - m[c][c];
  }

  public int falsePositives(int c) {
    return predicted(c) - m[c][c];
  }

  public int trueNegatives(int c) {
    return total() - actual(c) - predicted(c) + m[c][c];
  }

  /** TP/(TP+FN); NaN when class c never occurs (undefined, not zero). */
  public double sensitivity(int c) {
    return ratio(truePositives(c), actual(c), Double.NaN);
  }

  /** TN/(TN+FP); NaN when every case is of class c. */
  public double specificity(int c) {
    return ratio(trueNegatives(c), total() - actual(c), Double.NaN);
  }

  /**
   * TP/(TP+FP); 0 when c is never predicted. That is the paper's convention: Table 2's MGMT_infr
   * CLNC row (never predicted) reports precision 0.0, and its macro average 0.3595 includes it.
   */
  public double precision(int c) {
    return ratio(truePositives(c), predicted(c), 0.0);
  }

  /** Fraction of all cases on the diagonal; NaN for an empty matrix. */
  public double accuracy() {
    int diag = 0;
    for (int i = 0; i < m.length; i++) {
      diag += m[i][i];
    }
    return ratio(diag, total(), Double.NaN);
  }

  private static double ratio(int num, int den, double whenZero) {
    return den == 0 ? whenZero : (double) num / den;
  }
}
