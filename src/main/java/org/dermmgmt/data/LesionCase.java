package org.dermmgmt.data;

/**
 * One fully parsed meta.csv row.
 *
 * @param row 0-based meta.csv data row, the number the split index files hold
 * @param caseNum the {@code case_num} column
 * @param diagnosis raw diagnosis string (one of the 20 of {@link DiagnosisGroup#RAW})
 * @param criteria grouped criteria indices in {@link Criterion} order
 * @param sevenPointScore the {@code seven_point_score} column as written
 * @param clinic clinical image path relative to {@code images/}, as written (case matters)
 * @param derm dermoscopic image path relative to {@code images/}, as written
 */
public record LesionCase(
    int row,
    int caseNum,
    String diagnosis,
    DiagnosisGroup group,
    int[] criteria,
    int sevenPointScore,
    Management management,
    String sex,
    String location,
    String elevation,
    String clinic,
    String derm) {

  public LesionCase {
    if (criteria.length != Criterion.ALL.size()) {
      throw new IllegalArgumentException(
          "expected " + Criterion.ALL.size() + " criteria, got " + criteria.length);
    }
    criteria = criteria.clone();
  }

  /** True for the 9 Derm7pt cases whose clinical image is missing and replaced by the dermoscopic one. */
  public boolean clinicIsDerm() {
    return clinic.equals(derm);
  }

  /** The seven-point score recomputed from the grouped criteria. */
  public int computedSevenPointScore() {
    return Criterion.sevenPointScore(criteria);
  }

  public int criterion(Criterion c) {
    return criteria[c.ordinal()];
  }
}
