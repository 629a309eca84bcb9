package org.dermmgmt.eval;

import java.util.List;
import org.dermmgmt.data.Management;

/**
 * Management-specific error rates that matter clinically (beyond the paper's table metrics). Each
 * rate is defined once, on a list of decisions; the one-argument forms use the argmax decisions
 * ({@link EvaluatedCase#predicted()}), the two-argument forms a decision policy's.
 */
public final class ClinicalRates {
  private ClinicalRates() {}

  /** The argmax decision of every case. */
  static List<Management> argmax(List<EvaluatedCase> cases) {
    return cases.stream().map(EvaluatedCase::predicted).toList();
  }

  /**
   * Non-EXC cases predicted EXC, divided by ALL cases (not by the non-EXC cases). This is the
   * denominator that reproduces the abstract's "24.56 % fewer cases wrongly predicted to be
   * excised" = (138 − 41)/395 (paper.md §5.1). NaN for an empty list.
   */
  public static double overExcisionRate(List<EvaluatedCase> cases) {
    return overExcisionRate(cases, argmax(cases));
  }

  /** As {@link #overExcisionRate(List)} with {@code decisions.get(i)} as case i's decision. */
  public static double overExcisionRate(List<EvaluatedCase> cases, List<Management> decisions) {
    sameSize(cases, decisions);
    if (cases.isEmpty()) {
      return Double.NaN;
    }
    long over = 0;
    for (int i = 0; i < cases.size(); i++) {
      over += cases.get(i).truth() != Management.EXC && decisions.get(i) == Management.EXC ? 1 : 0;
    }
    return (double) over / cases.size();
  }

  /**
   * Among cases whose true diagnosis is malignant (MEL or BCC), the fraction not predicted EXC.
   * NaN when no case has a malignant (known) diagnosis, since the rate is then undefined.
   */
  public static double missedMalignancyRate(List<EvaluatedCase> cases) {
    return missedMalignancyRate(cases, argmax(cases));
  }

  /** As {@link #missedMalignancyRate(List)} with {@code decisions.get(i)} as case i's decision. */
  public static double missedMalignancyRate(List<EvaluatedCase> cases, List<Management> decisions) {
    sameSize(cases, decisions);
    long malignant = 0;
    long missed = 0;
    for (int i = 0; i < cases.size(); i++) {
      EvaluatedCase c = cases.get(i);
      if (c.trueDiagnosis() != null && c.trueDiagnosis().isMalignant()) {
        malignant++;
        if (decisions.get(i) != Management.EXC) {
          missed++;
        }
      }
    }
    return malignant == 0 ? Double.NaN : (double) missed / malignant;
  }

  private static void sameSize(List<EvaluatedCase> cases, List<Management> decisions) {
    if (cases.size() != decisions.size()) {
      throw new IllegalArgumentException(
          cases.size() + " cases but " + decisions.size() + " decisions");
    }
  }
}
