package org.dermmgmt.eval;

import java.util.List;
import java.util.Objects;
import org.dermmgmt.data.Management;

/**
 * The generic k-class view every metric works on: true class indexes and per-class scores. Kept
 * separate from {@link EvaluatedCase} so the same metrics serve management (k=3) and diagnosis
 * (k=5), and so bootstrap resamples are cheap index permutations.
 *
 * @param truth true class index per case
 * @param scores per-case score vectors of length k (probabilities)
 */
public record Predictions(int[] truth, double[][] scores, int k) {

  public Predictions {
    Objects.requireNonNull(truth);
    Objects.requireNonNull(scores);
    if (truth.length != scores.length) {
      throw new IllegalArgumentException("truth and scores differ in length");
    }
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] < 0 || truth[i] >= k || scores[i].length != k) {
        throw new IllegalArgumentException("case " + i + " does not fit " + k + " classes");
      }
    }
  }

  public static Predictions management(List<EvaluatedCase> cases) {
    int[] t = new int[cases.size()];
    double[][] s = new double[cases.size()][];
    for (int i = 0; i < t.length; i++) {
      t[i] = cases.get(i).truth().ordinal();
      s[i] = cases.get(i).pManagement();
    }
    return new Predictions(t, s, Management.ALL.size());
  }

  public int n() {
    return truth.length;
  }

  /** argmax per case, ties to the lower index. */
  public int[] predicted() {
    int[] p = new int[truth.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = EvaluatedCase.argmax(scores[i]);
    }
    return p;
  }

  public ConfusionMatrix confusion() {
    return ConfusionMatrix.of(truth, predicted(), k);
  }

  /** The cases at the given indexes (with repetition), for bootstrap resampling. */
  public Predictions select(int[] idx) {
    int[] t = new int[idx.length];
    double[][] s = new double[idx.length][];
    for (int i = 0; i < idx.length; i++) {
      t[i] = truth[idx[i]];
      s[i] = scores[idx[i]];
    }
    return new Predictions(t, s, k);
  }
}
