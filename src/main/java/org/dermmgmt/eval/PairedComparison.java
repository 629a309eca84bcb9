package org.dermmgmt.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;
import org.hipparchus.distribution.continuous.NormalDistribution;

/**
 * Paired comparison of two models A (baseline) and B on the same cases, for the compare command.
 * "Relative improvement" is (B − A)/A, the quantity the paper's abstract reports (paper.md §5.1).
 *
 * @param mcnemar exact McNemar on per-case management correctness
 * @param aurocBootstrapP two-sided p of the macro AUROC difference from a paired bootstrap:
 *     z = observed difference / sd of the bootstrap differences, p = 2Φ(−|z|) (pROC's
 *     "bootstrap" method); NaN if the sd is 0 or undefined
 * @param aurocDiffCi95 percentile 95 % interval of the bootstrap differences
 * @param delong per-class one-vs-rest DeLong tests
 */
public record PairedComparison(
    int n,
    double accuracyA,
    double accuracyB,
    double accuracyDifference,
    double accuracyRelativeImprovement,
    McNemar mcnemar,
    double macroAurocA,
    double macroAurocB,
    double macroAurocDifference,
    double macroAurocRelativeImprovement,
    double aurocBootstrapP,
    double[] aurocDiffCi95,
    int bootstrapResamples,
    long seed,
    Map<Management, DeLong> delong) {

  private static final NormalDistribution STD_NORMAL = new NormalDistribution(0, 1);

  public static PairedComparison compare(
      List<EvaluatedCase> a, List<EvaluatedCase> b, long seed) {
    return compare(a, b, seed, Bootstrap.DEFAULT_RESAMPLES);
  }

  public static PairedComparison compare(
      List<EvaluatedCase> a, List<EvaluatedCase> b, long seed, int resamples) {
    Map<Integer, EvaluatedCase> ma = byCase(a, "A");
    Map<Integer, EvaluatedCase> mb = byCase(b, "B");
    if (!ma.keySet().equals(mb.keySet())) {
      throw new UserInputException(
          "the two prediction sets cover different cases: only in A "
              + few(ma.keySet(), mb.keySet()) + "; only in B " + few(mb.keySet(), ma.keySet()));
    }
    List<EvaluatedCase> la = new ArrayList<>(ma.values());
    List<EvaluatedCase> lb = new ArrayList<>(mb.values());
    for (int i = 0; i < la.size(); i++) {
      if (la.get(i).truth() != lb.get(i).truth()) {
        throw new UserInputException(
            "case " + la.get(i).caseNum() + " has different true management in A and B");
      }
    }
    Predictions pa = Predictions.management(la);
    Predictions pb = Predictions.management(lb);
    int[] preda = pa.predicted();
    int[] predb = pb.predicted();
    boolean[] ca = new boolean[preda.length];
    boolean[] cb = new boolean[preda.length];
    for (int i = 0; i < ca.length; i++) {
      ca[i] = preda[i] == pa.truth()[i];
      cb[i] = predb[i] == pb.truth()[i];
    }
    double accA = pa.confusion().accuracy();
    double accB = pb.confusion().accuracy();
    double aucA = ClassMetric.AUROC.macro(pa);
    double aucB = ClassMetric.AUROC.macro(pb);

    // Paired bootstrap: the same resampled case indexes for both models.
    SplittableRandom rng = new SplittableRandom(seed);
    double[] diffs = new double[resamples];
    for (int r = 0; r < resamples; r++) {
      int[] idx = Bootstrap.resample(rng, pa.n());
      diffs[r] = ClassMetric.AUROC.macro(pb.select(idx)) - ClassMetric.AUROC.macro(pa.select(idx));
    }
    double sd = sd(diffs);
    double diff = aucB - aucA;
    double pBoot =
        sd > 0 && Double.isFinite(diff)
            ? 2 * STD_NORMAL.cumulativeProbability(-Math.abs(diff / sd))
            : (diff == 0 ? 1.0 : Double.NaN);
    double[] ci = {Bootstrap.quantile(diffs, 0.025), Bootstrap.quantile(diffs, 0.975)};

    Map<Management, DeLong> dl = new EnumMap<>(Management.class);
    for (Management m : Management.ALL) {
      double[] sa = new double[pa.n()];
      double[] sb = new double[pa.n()];
      boolean[] pos = new boolean[pa.n()];
      for (int i = 0; i < sa.length; i++) {
        sa[i] = pa.scores()[i][m.ordinal()];
        sb[i] = pb.scores()[i][m.ordinal()];
        pos[i] = pa.truth()[i] == m.ordinal();
      }
      dl.put(m, DeLong.test(sa, sb, pos));
    }
    return new PairedComparison(
        la.size(), accA, accB, accB - accA, relative(accA, accB), McNemar.test(ca, cb),
        aucA, aucB, diff, relative(aucA, aucB), pBoot, ci, resamples, seed, dl);
  }

  /** (better − base)/base; NaN when base is 0 or undefined. */
  public static double relative(double base, double better) {
    return base == 0 || Double.isNaN(base) ? Double.NaN : (better - base) / base;
  }

  private static Map<Integer, EvaluatedCase> byCase(List<EvaluatedCase> cases, String name) {
    Map<Integer, EvaluatedCase> m = new TreeMap<>();
    for (EvaluatedCase c : cases) {
      if (m.put(c.caseNum(), c) != null) {
        throw new UserInputException("case " + c.caseNum() + " appears twice in " + name);
      }
    }
    return m;
  }

  private static String few(java.util.Set<Integer> in, java.util.Set<Integer> notIn) {
    TreeSet<Integer> d = new TreeSet<>(in);
    d.removeAll(notIn);
    if (d.isEmpty()) {
      return "none";
    }
    String s = d.stream().limit(5).map(String::valueOf).collect(Collectors.joining(", "));
    return d.size() + " (" + s + (d.size() > 5 ? ", ..." : "") + ")";
  }

  private static double sd(double[] x) {
    double[] v = java.util.Arrays.stream(x).filter(Double::isFinite).toArray();
    if (v.length < 2) {
      return Double.NaN;
    }
    double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
    double s = 0;
    for (double d : v) {
      s += (d - mean) * (d - mean);
    }
    return Math.sqrt(s / (v.length - 1));
  }

  /** compare.json layout; NaN → null. */
  public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
    var o = Json.MAPPER.createObjectNode();
    o.put("n", n);
    var acc = o.putObject("accuracy");
    Json.put(acc, "a", accuracyA);
    Json.put(acc, "b", accuracyB);
    Json.put(acc, "difference", accuracyDifference);
    Json.put(acc, "relative_improvement", accuracyRelativeImprovement);
    var mc = acc.putObject("mcnemar");
    mc.put("b01_a_right_b_wrong", mcnemar.b01());
    mc.put("b10_a_wrong_b_right", mcnemar.b10());
    Json.put(mc, "p_exact", mcnemar.pExact());
    Json.put(mc, "mid_p", mcnemar.midP());
    var auc = o.putObject("macro_auroc");
    Json.put(auc, "a", macroAurocA);
    Json.put(auc, "b", macroAurocB);
    Json.put(auc, "difference", macroAurocDifference);
    Json.put(auc, "relative_improvement", macroAurocRelativeImprovement);
    Json.put(auc, "bootstrap_p", aurocBootstrapP);
    auc.set("bootstrap_difference_ci95", Json.array(aurocDiffCi95));
    auc.put("bootstrap_resamples", bootstrapResamples);
    auc.put("seed", seed);
    var d = o.putObject("delong");
    for (Management m : Management.ALL) {
      DeLong t = delong.get(m);
      var c = d.putObject(m.name());
      Json.put(c, "auroc_a", t.aucA());
      Json.put(c, "auroc_b", t.aucB());
      Json.put(c, "z", t.z());
      Json.put(c, "p", t.p());
    }
    return o;
  }
}
