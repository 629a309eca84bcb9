package org.dermmgmt.decide;

import java.util.List;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.Predictions;

/**
 * Evaluated cases with their probabilities calibrated: {@value #MANAGEMENT} scales the management
 * probabilities (for a {@code diag} model, the ones inferred from the diagnosis through the priors:
 * those are what the decision is made on), {@value #DIAGNOSIS} the diagnosis probabilities.
 */
public final class CalibratedCases {
  public static final String MANAGEMENT = "management";
  public static final String DIAGNOSIS = "diagnosis";

  private CalibratedCases() {}

  public static List<EvaluatedCase> apply(TemperatureCalibration cal, List<EvaluatedCase> cases) {
    return cases.stream().map(c -> new EvaluatedCase(c.caseNum(), c.split(), c.truth(),
        cal.apply(MANAGEMENT, c.pManagement()), c.trueDiagnosis(),
        c.pDiagnosis() == null ? null : cal.apply(DIAGNOSIS, c.pDiagnosis()))).toList();
  }

  /**
   * Fits the management temperature, and the diagnosis one when every case has a true diagnosis
   * and a diagnosis output, on {@code cases} (the selection split's).
   */
  public static TemperatureCalibration fit(String fittedOn, List<EvaluatedCase> cases) {
    java.util.Map<String, Predictions> heads = new java.util.LinkedHashMap<>();
    heads.put(MANAGEMENT, Predictions.management(cases));
    boolean diag = !cases.isEmpty()
        && cases.stream().allMatch(c -> c.pDiagnosis() != null && c.trueDiagnosis() != null);
    if (diag) {
      int[] t = cases.stream().mapToInt(c -> c.trueDiagnosis().ordinal()).toArray();
      double[][] s = cases.stream().map(EvaluatedCase::pDiagnosis).toArray(double[][]::new);
      heads.put(DIAGNOSIS, new Predictions(t, s, s[0].length));
    }
    return TemperatureCalibration.fit(fittedOn, heads);
  }
}
