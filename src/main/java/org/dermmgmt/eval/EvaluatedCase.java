package org.dermmgmt.eval;

import java.util.Arrays;
import java.util.Objects;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;

/**
 * One evaluated test case: the truth and the model's class probabilities. The diagnosis part is
 * optional (null) because only diagnosis and multi-task models produce it.
 *
 * @param pManagement probabilities in {@link Management} ordinal order (NONE, CLNC, EXC)
 * @param pDiagnosis probabilities in {@link DiagnosisGroup} ordinal order, or null
 */
public record EvaluatedCase(
    int caseNum,
    String split,
    Management truth,
    double[] pManagement,
    DiagnosisGroup trueDiagnosis,
    double[] pDiagnosis) {

  public EvaluatedCase {
    Objects.requireNonNull(truth, "truth");
    Objects.requireNonNull(pManagement, "pManagement");
    if (pManagement.length != Management.ALL.size()) {
      throw new IllegalArgumentException(
          "case " + caseNum + ": pManagement needs " + Management.ALL.size() + " values");
    }
    if (pDiagnosis != null && pDiagnosis.length != DiagnosisGroup.ALL.size()) {
      throw new IllegalArgumentException(
          "case " + caseNum + ": pDiagnosis needs " + DiagnosisGroup.ALL.size() + " values");
    }
    requireFinite(caseNum, pManagement, "pManagement");
    if (pDiagnosis != null) {
      requireFinite(caseNum, pDiagnosis, "pDiagnosis");
    }
    pManagement = pManagement.clone();
    pDiagnosis = pDiagnosis == null ? null : pDiagnosis.clone();
  }

  /** A case without diagnosis outputs. */
  public EvaluatedCase(int caseNum, String split, Management truth, double[] pManagement) {
    this(caseNum, split, truth, pManagement, null, null);
  }

  /** argmax of pManagement; ties go to the lower ordinal (NONE before CLNC before EXC). */
  public Management predicted() {
    return Management.ALL.get(argmax(pManagement));
  }

  /** argmax of pDiagnosis, or null when the case has no diagnosis output. */
  public DiagnosisGroup predictedDiagnosis() {
    return pDiagnosis == null ? null : DiagnosisGroup.ALL.get(argmax(pDiagnosis));
  }

  @Override
  public double[] pManagement() {
    return pManagement.clone();
  }

  @Override
  public double[] pDiagnosis() {
    return pDiagnosis == null ? null : pDiagnosis.clone();
  }

  private static void requireFinite(int caseNum, double[] p, String name) {
    for (double v : p) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("case " + caseNum + ": " + name + " has " + v);
      }
    }
  }

  /** Index of the largest value; ties go to the lower index. */
  public static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvaluatedCase c
        && caseNum == c.caseNum
        && Objects.equals(split, c.split)
        && truth == c.truth
        && Arrays.equals(pManagement, c.pManagement)
        && trueDiagnosis == c.trueDiagnosis
        && Arrays.equals(pDiagnosis, c.pDiagnosis);
  }

  @Override
  public int hashCode() {
    return Objects.hash(caseNum, split, truth, Arrays.hashCode(pManagement), trueDiagnosis)
        + 31 * Arrays.hashCode(pDiagnosis);
  }

  @Override
  public String toString() {
    return "EvaluatedCase[" + caseNum + ", " + split + ", " + truth + ", "
        + Arrays.toString(pManagement) + ", " + trueDiagnosis + ", "
        + Arrays.toString(pDiagnosis) + "]";
  }
}
