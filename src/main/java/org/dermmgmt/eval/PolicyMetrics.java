package org.dermmgmt.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;

/**
 * What a decision policy does on evaluated cases ({@code evaluate --policy}). A decision is a
 * {@link Management}, or null for a case referred to a dermatologist (REFER): the rates are over
 * the cases decided automatically, with the same definitions as {@link ClinicalRates} (over-
 * excision over all decided cases; missed malignancy over the decided cases with a malignant
 * diagnosis); referred cases count towards {@code referred} and {@code referredMalignant} only.
 * Intervals are Clopper–Pearson 95% ({@link Proportions}).
 *
 * @param policy the policy's one-line description
 * @param n all cases
 * @param decided cases decided automatically
 * @param confusion counts[truth][decision] over the decided cases, Management order
 * @param malignant decided cases whose diagnosis is MEL or BCC
 * @param missedMalignant of those, not sent to EXC
 * @param melanomas decided cases whose diagnosis is MEL
 * @param missedMelanomas of those, not sent to EXC
 * @param nonExcised decided NONE or CLNC with a known diagnosis
 * @param npvNonExcision the fraction of nonExcised that is not malignant
 * @param referredMalignant malignant cases referred (seen by a dermatologist, not missed)
 */
public record PolicyMetrics(
    String policy,
    int n,
    int decided,
    double coverage,
    double accuracy,
    int[][] confusion,
    double overExcisionRate,
    int malignant,
    int missedMalignant,
    double missedMalignancyRate,
    double[] missedMalignancyCi95,
    int melanomas,
    int missedMelanomas,
    int nonExcised,
    double npvNonExcision,
    double[] npvCi95,
    int referredMalignant) {

  /** The metrics of {@code decisions.get(i)} (null = referred) on {@code cases.get(i)}. */
  public static PolicyMetrics of(String policy, List<EvaluatedCase> cases,
      List<Management> decisions) {
    if (cases.size() != decisions.size()) {
      throw new IllegalArgumentException(cases.size() + " cases but " + decisions.size()
          + " decisions");
    }
    List<EvaluatedCase> dc = new ArrayList<>();
    List<Management> dd = new ArrayList<>();
    int referredMalignant = 0;
    for (int i = 0; i < cases.size(); i++) {
      if (decisions.get(i) != null) {
        dc.add(cases.get(i));
        dd.add(decisions.get(i));
      } else if (malignant(cases.get(i))) {
        referredMalignant++;
      }
    }
    int[] truth = dc.stream().mapToInt(c -> c.truth().ordinal()).toArray();
    int[] pred = dd.stream().mapToInt(Management::ordinal).toArray();
    ConfusionMatrix cm = ConfusionMatrix.of(truth, pred, Management.ALL.size());
    int malignant = 0;
    int missed = 0;
    int melanomas = 0;
    int missedMel = 0;
    int nonExcised = 0;
    for (int i = 0; i < dc.size(); i++) {
      EvaluatedCase c = dc.get(i);
      boolean excised = dd.get(i) == Management.EXC;
      if (malignant(c)) {
        malignant++;
        missed += excised ? 0 : 1;
      }
      if (c.trueDiagnosis() == DiagnosisGroup.MEL) {
        melanomas++;
        missedMel += excised ? 0 : 1;
      }
      if (!excised && c.trueDiagnosis() != null) {
        nonExcised++;
      }
    }
    return new PolicyMetrics(
        policy,
        cases.size(),
        dc.size(),
        cases.isEmpty() ? Double.NaN : (double) dc.size() / cases.size(),
        cm.accuracy(),
        cm.counts(),
        ClinicalRates.overExcisionRate(dc, dd),
        malignant,
        missed,
        ClinicalRates.missedMalignancyRate(dc, dd),
        Proportions.clopperPearson(missed, malignant),
        melanomas,
        missedMel,
        nonExcised,
        nonExcised == 0 ? Double.NaN : (double) (nonExcised - missed) / nonExcised,
        Proportions.clopperPearson(nonExcised - missed, nonExcised),
        referredMalignant);
  }

  private static boolean malignant(EvaluatedCase c) {
    return c.trueDiagnosis() != null && c.trueDiagnosis().isMalignant();
  }

  public int referred() {
    return n - decided;
  }

  /**
   * The JSON object {@code evaluate --policy} writes (keys: policy, n, decided, referred,
   * coverage, accuracy, confusion{labels,matrix}, over_excision_rate, missed_malignancy_rate,
   * missed_malignancy_ci95, malignant, missed_malignant, melanomas, missed_melanomas,
   * non_excised, npv_non_excision, npv_ci95, referred_malignant, ci_method).
   */
  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("policy", policy);
    o.put("n", n);
    o.put("decided", decided);
    o.put("referred", referred());
    Json.put(o, "coverage", coverage);
    Json.put(o, "accuracy", accuracy);
    ObjectNode cm = o.putObject("confusion");
    ArrayNode labels = cm.putArray("labels");
    Management.ALL.forEach(m -> labels.add(m.name()));
    ArrayNode rows = cm.putArray("matrix");
    for (int[] r : confusion) {
      ArrayNode row = rows.addArray();
      for (int v : r) {
        row.add(v);
      }
    }
    Json.put(o, "over_excision_rate", overExcisionRate);
    Json.put(o, "missed_malignancy_rate", missedMalignancyRate);
    o.set("missed_malignancy_ci95", Json.array(missedMalignancyCi95));
    o.put("malignant", malignant);
    o.put("missed_malignant", missedMalignant);
    o.put("melanomas", melanomas);
    o.put("missed_melanomas", missedMelanomas);
    o.put("non_excised", nonExcised);
    Json.put(o, "npv_non_excision", npvNonExcision);
    o.set("npv_ci95", Json.array(npvCi95));
    o.put("referred_malignant", referredMalignant);
    o.put("ci_method", "clopper-pearson");
    return o;
  }

  @Override
  public String toString() {
    return Json.text(toJson());
  }
}
