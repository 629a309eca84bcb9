package org.dermmgmt.eval;

/**
 * One-vs-rest per-class metrics. Each knows how to compute itself from {@link Predictions}; the
 * threshold metrics use the argmax confusion matrix, AUROC uses the scores.
 */
public enum ClassMetric {
  SENSITIVITY("sensitivity"),
  SPECIFICITY("specificity"),
  PRECISION("precision"),
  AUROC("auroc");

  private final String key;

  ClassMetric(String key) {
    this.key = key;
  }

  /** The JSON key used in metrics.json. */
  public String key() {
    return key;
  }

  public double compute(Predictions p, ConfusionMatrix cm, int c) {
    return switch (this) {
      case SENSITIVITY -> cm.sensitivity(c);
      case SPECIFICITY -> cm.specificity(c);
      case PRECISION -> cm.precision(c);
      case AUROC -> Auroc.oneVsRest(p, c);
    };
  }

  public double compute(Predictions p, int c) {
    return compute(p, p.confusion(), c);
  }

  /** Values for every class, in class order. */
  public double[] perClass(Predictions p, ConfusionMatrix cm) {
    double[] v = new double[p.k()];
    for (int c = 0; c < v.length; c++) {
      v[c] = compute(p, cm, c);
    }
    return v;
  }

  public double macro(Predictions p) {
    return macro(perClass(p, p.confusion()));
  }

  /**
   * Unweighted mean over classes, as the paper's "Average" row. Undefined (NaN) class values, e.g.
   * the AUROC of a class absent from a small fold or bootstrap resample, are skipped rather than
   * poisoning the mean; NaN only when no class is defined.
   */
  public static double macro(double[] perClass) {
    double sum = 0;
    int n = 0;
    for (double v : perClass) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
