package org.dermmgmt.eval;

import java.util.List;
import org.dermmgmt.data.Management;

/** Management-specific error rates that matter clinically (beyond the paper's table metrics). */
public final class ClinicalRates {
  private ClinicalRates() {}

  /**
   * Non-EXC cases predicted EXC, divided by ALL cases (not by the non-EXC cases). This is the
   * denominator that reproduces the abstract's "24.56 % fewer cases wrongly predicted to be
   * excised" = (138 − 41)/395 (paper.md §5.1). NaN for an empty list.
   */
  public static double overExcisionRate(List<EvaluatedCase> cases) {
    if (cases.isEmpty()) {
      return Double.NaN;
    }
    long over =
        cases.stream()
            .filter(c -> c.truth() != Management.EXC && c.predicted() == Management.EXC)
            .count();
    return (double) over / cases.size();
  }

  /**
   * Among cases whose true diagnosis is malignant (MEL or BCC), the fraction not predicted EXC.
   * NaN when no case has a malignant (known) diagnosis, since the rate is then undefined.
   */
  public static double missedMalignancyRate(List<EvaluatedCase> cases) {
    long malignant = 0;
    long missed = 0;
    for (EvaluatedCase c : cases) {
      if (c.trueDiagnosis() != null && c.trueDiagnosis().isMalignant()) {
        malignant++;
        if (c.predicted() != Management.EXC) {
          missed++;
        }
      }
    }
    return malignant == 0 ? Double.NaN : (double) missed / malignant;
  }
}
