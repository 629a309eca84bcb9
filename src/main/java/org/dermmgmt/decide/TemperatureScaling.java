package org.dermmgmt.decide;

import org.dermmgmt.eval.Predictions;

/**
 * Temperature scaling (Guo et al. 2017) from probabilities alone. A model's logits z give
 * p = softmax(z); dividing them by T gives softmax(z/T) ∝ p^(1/T). That identity lets us scale an
 * ensemble, whose output is an average of probabilities and has no logits: it is calibrated as the
 * averaged model, with log p̄ standing in for the logits. T &gt; 1 softens an over-confident model,
 * T = 1 is the identity; the argmax never changes.
 */
public final class TemperatureScaling {
  /** Search range for T; a fit at either end means the data want more than we allow. */
  public static final double MIN_T = 0.05;

  public static final double MAX_T = 20.0;

  /** Floor under probabilities before the log, so a hard 0 from a head does not give −∞. */
  static final double FLOOR = org.dermmgmt.eval.Calibration.LOG_FLOOR;

  private static final double TOLERANCE = 1e-7;

  private TemperatureScaling() {}

  /**
   * The result of a fit on n cases, with the mean negative log-likelihood at T = 1 and at T, and
   * the temperature the data alone would have chosen (differs from T when a floor held it).
   */
  public record Fit(double temperature, int n, double nllBefore, double nllAfter,
      double unconstrained) {
    public Fit(double temperature, int n, double nllBefore, double nllAfter) {
      this(temperature, n, nllBefore, nllAfter, temperature);
    }
  }

  /** p^(1/T), renormalised; computed in log space (log-sum-exp) so small T cannot overflow. */
  public static double[] apply(double[] p, double t) {
    if (!(t > 0) || !Double.isFinite(t)) {
      throw new IllegalArgumentException("temperature must be positive and finite, got " + t);
    }
    double[] out = new double[p.length];
    if (t == 1.0) {
      double s = 0;
      for (double v : p) {
        s += v;
      }
      for (int k = 0; k < p.length; k++) {
        out[k] = p[k] / s;
      }
      return out;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < p.length; k++) {
      out[k] = Math.log(Math.max(FLOOR, p[k])) / t;
      max = Math.max(max, out[k]);
    }
    double s = 0;
    for (int k = 0; k < p.length; k++) {
      out[k] = Math.exp(out[k] - max);
      s += out[k];
    }
    for (int k = 0; k < p.length; k++) {
      out[k] /= s;
    }
    return out;
  }

  /** Mean negative log-likelihood of the true classes after scaling by t. */
  public static double nll(Predictions p, double t) {
    double sum = 0;
    for (int i = 0; i < p.n(); i++) {
      double[] s = p.scores()[i];
      double max = Double.NEGATIVE_INFINITY;
      double[] z = new double[s.length];
      for (int k = 0; k < s.length; k++) {
        z[k] = Math.log(Math.max(FLOOR, s[k])) / t;
        max = Math.max(max, z[k]);
      }
      double lse = 0;
      for (double v : z) {
        lse += Math.exp(v - max);
      }
      sum += max + Math.log(lse) - z[p.truth()[i]];
    }
    return sum / p.n();
  }

  /**
   * The T in [{@link #MIN_T}, {@link #MAX_T}] minimising the NLL. The NLL is convex in 1/T (a
   * log-sum-exp of linear functions minus a linear one), hence unimodal in log T, so a
   * golden-section search on log T finds the minimum without derivatives.
   */
  public static Fit fit(Predictions p) {
    if (p.n() == 0) {
      throw new IllegalArgumentException("cannot fit a temperature on no cases");
    }
    double lo = Math.log(MIN_T);
    double hi = Math.log(MAX_T);
    double g = (Math.sqrt(5) - 1) / 2;
    double a = hi - g * (hi - lo);
    double b = lo + g * (hi - lo);
    double fa = nll(p, Math.exp(a));
    double fb = nll(p, Math.exp(b));
    while (hi - lo > TOLERANCE) {
      if (fa <= fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - g * (hi - lo);
        fa = nll(p, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + g * (hi - lo);
        fb = nll(p, Math.exp(b));
      }
    }
    double t = Math.exp((lo + hi) / 2);
    double before = nll(p, 1.0);
    double after = nll(p, t);
    // The search is exact to TOLERANCE; keep T = 1 when scaling does not measurably help.
    if (after >= before) {
      return new Fit(1.0, p.n(), before, before);
    }
    return new Fit(t, p.n(), before, after);
  }

  /**
   * The fit with T held at or above {@code minT}. The NLL is unimodal in log T, so the constrained
   * minimum is the unconstrained one moved to the bound; the unconstrained T is kept in the fit.
   */
  public static Fit fit(Predictions p, double minT) {
    Fit free = fit(p);
    if (free.temperature() >= minT) {
      return free;
    }
    return new Fit(minT, p.n(), free.nllBefore(), nll(p, minT), free.temperature());
  }
}
