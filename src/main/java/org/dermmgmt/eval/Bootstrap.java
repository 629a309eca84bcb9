package org.dermmgmt.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Seeded nonparametric bootstrap over cases. */
public final class Bootstrap {
  public static final int DEFAULT_RESAMPLES = 2000;

  private Bootstrap() {}

  /** A resample of indexes 0..n−1 drawn with replacement. */
  static int[] resample(SplittableRandom rng, int n) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = rng.nextInt(n);
    }
    return idx;
  }

  /**
   * The statistic on {@code resamples} bootstrap resamples. Same seed, same data → same values.
   * Resamples where the statistic is undefined (NaN) are kept as NaN; callers drop them.
   */
  public static double[] replicates(
      Predictions p, ToDoubleFunction<Predictions> statistic, int resamples, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] out = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      out[r] = statistic.applyAsDouble(p.select(resample(rng, p.n())));
    }
    return out;
  }

  /**
   * Percentile 95 % interval [q2.5, q97.5] (linear interpolation between order statistics, numpy's
   * default), ignoring NaN replicates; [NaN, NaN] when none is defined or there are no cases.
   */
  public static double[] percentileCi95(
      Predictions p, ToDoubleFunction<Predictions> statistic, int resamples, long seed) {
    if (p.n() == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double[] reps = replicates(p, statistic, resamples, seed);
    return new double[] {quantile(reps, 0.025), quantile(reps, 0.975)};
  }

  /** Linear-interpolation quantile of the finite values (numpy "linear"); NaN if none. */
  public static double quantile(double[] values, double q) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    double pos = q * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, v.length - 1);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
  }
}
