package org.dermmgmt.eval;

import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;

/** Shared test data. */
final class Fixtures {
  private Fixtures() {}

  /** 10 cases with tied scores; reference values in the tests come from scikit-learn. */
  static final int[] Y = {0, 1, 2, 2, 1, 0, 2, 2, 1, 2};

  static final double[][] P = {
    {.5, .3, .2}, {.2, .5, .3}, {.2, .3, .5}, {.1, .1, .8}, {.5, .3, .2},
    {.4, .4, .2}, {.2, .3, .5}, {.3, .3, .4}, {.2, .3, .5}, {.6, .2, .2}
  };

  static final DiagnosisGroup[] D = {
    DiagnosisGroup.SK, DiagnosisGroup.NEV, DiagnosisGroup.MEL, DiagnosisGroup.BCC,
    DiagnosisGroup.NEV, DiagnosisGroup.MISC, DiagnosisGroup.NEV, DiagnosisGroup.MEL,
    DiagnosisGroup.NEV, DiagnosisGroup.MEL
  };

  static List<EvaluatedCase> small() {
    List<EvaluatedCase> cases = new ArrayList<>();
    for (int i = 0; i < Y.length; i++) {
      cases.add(new EvaluatedCase(100 + i, "test", Management.ALL.get(Y[i]), P[i]));
    }
    return cases;
  }

  /** Same cases with a diagnosis truth and a diagnosis output (0.6 on the truth). */
  static List<EvaluatedCase> smallWithDiagnosis() {
    List<EvaluatedCase> cases = new ArrayList<>();
    for (int i = 0; i < Y.length; i++) {
      double[] pd = {0.1, 0.1, 0.1, 0.1, 0.1};
      pd[D[(i + (i % 3 == 0 ? 1 : 0)) % D.length].ordinal()] += 0.5;
      cases.add(new EvaluatedCase(100 + i, "test", Management.ALL.get(Y[i]), P[i], D[i], pd));
    }
    return cases;
  }

  /** Cases realising a confusion matrix (rows truth, cols prediction) with confident outputs. */
  static List<EvaluatedCase> fromConfusion(int[][] m) {
    List<EvaluatedCase> cases = new ArrayList<>();
    int id = 1;
    for (int t = 0; t < m.length; t++) {
      for (int p = 0; p < m.length; p++) {
        for (int c = 0; c < m[t][p]; c++) {
          double[] prob = {0.1, 0.1, 0.1};
          prob[p] = 0.8;
          cases.add(new EvaluatedCase(id++, "test", Management.ALL.get(t), prob));
        }
      }
    }
    return cases;
  }
}
