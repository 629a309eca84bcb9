package org.dermmgmt.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.data.Management;

/**
 * Cross-validation summary: mean ± sample sd (n−1) of every scalar metric over folds, as the
 * paper's "3-fold CV" rows. Metric names are dotted paths of metrics.json: "accuracy",
 * "macro.auroc", "per_class.NONE.precision", "over_excision_rate", ...
 */
public record MetricSummary(int folds, Map<String, MeanSd> metrics) {

  /** Mean and sample sd; sd is NaN for a single value. NaN fold values are skipped. */
  public record MeanSd(double mean, double sd, int n) {
    public static MeanSd of(double[] values) {
      double[] v = java.util.Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
      if (v.length == 0) {
        return new MeanSd(Double.NaN, Double.NaN, 0);
      }
      double mean = java.util.Arrays.stream(v).average().orElseThrow();
      double ss = 0;
      for (double x : v) {
        ss += (x - mean) * (x - mean);
      }
      return new MeanSd(mean, v.length < 2 ? Double.NaN : Math.sqrt(ss / (v.length - 1)), v.length);
    }
  }

  public MetricSummary {
    metrics = new LinkedHashMap<>(metrics);
  }

  /** The scalar metrics of one report, keyed by dotted path, in a fixed order. */
  public static Map<String, Double> scalars(MetricsReport r) {
    Map<String, Double> s = new LinkedHashMap<>();
    s.put("accuracy", r.accuracy());
    for (ClassMetric m : ClassMetric.values()) {
      s.put("macro." + m.key(), r.macro().get(m));
    }
    for (Management g : Management.ALL) {
      for (ClassMetric m : ClassMetric.values()) {
        s.put("per_class." + g.name() + "." + m.key(), r.perClass(g).get(m));
      }
    }
    s.put("over_excision_rate", r.overExcisionRate());
    s.put("missed_malignancy_rate", r.missedMalignancyRate());
    s.put("ece", r.ece());
    s.put("brier", r.brier());
    return s;
  }

  public static MetricSummary of(List<MetricsReport> reports) {
    if (reports.isEmpty()) {
      throw new IllegalArgumentException("no reports to summarise");
    }
    List<Map<String, Double>> all = reports.stream().map(MetricSummary::scalars).toList();
    Map<String, MeanSd> out = new LinkedHashMap<>();
    for (String key : all.get(0).keySet()) {
      out.put(key, MeanSd.of(all.stream().mapToDouble(m -> m.get(key)).toArray()));
    }
    return new MetricSummary(reports.size(), out);
  }

  public MeanSd get(String metric) {
    MeanSd v = metrics.get(metric);
    if (v == null) {
      throw new IllegalArgumentException("unknown metric '" + metric + "'; known: "
          + metrics.keySet());
    }
    return v;
  }

  /**
   * Relative improvement (better − base)/base per paired fold (base.get(i) with better.get(i)),
   * then mean ± sd across folds, as fractions (the abstract's 13.73 ± 3.93 % is 0.1373 ± 0.0393).
   */
  public static MeanSd relativeImprovement(
      List<MetricsReport> base, List<MetricsReport> better, String metric) {
    if (base.size() != better.size() || base.isEmpty()) {
      throw new IllegalArgumentException("need the same, non-zero number of folds on both sides");
    }
    List<Double> rel = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      Double a = scalars(base.get(i)).get(metric);
      Double b = scalars(better.get(i)).get(metric);
      if (a == null) {
        throw new IllegalArgumentException("unknown metric '" + metric + "'");
      }
      rel.add(PairedComparison.relative(a, b));
    }
    return MeanSd.of(rel.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** {"folds": k, "metrics": {"accuracy": {"mean": .., "sd": .., "n": ..}, ...}}. */
  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("folds", folds);
    ObjectNode m = o.putObject("metrics");
    metrics.forEach(
        (k, v) -> {
          ObjectNode e = m.putObject(k);
          Json.put(e, "mean", v.mean());
          Json.put(e, "sd", v.sd());
          e.put("n", v.n());
        });
    return o;
  }

  public void write(java.nio.file.Path file) {
    Json.write(toJson(), file);
  }
}
