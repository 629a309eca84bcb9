package org.dermmgmt.data;

/**
 * One fully parsed meta.csv row, or one row of a case table ({@link
 * org.dermmgmt.data.table.CaseTable}, whose differences are noted below).
 *
 * @param row 0-based meta.csv data row, the number the split index files hold (table: 0-based
 *     data row)
 * @param caseNum the {@code case_num} column (table: the case_id when every case_id is a
 *     positive integer, else row + 1)
 * @param diagnosis raw diagnosis string (one of the 20 of {@link DiagnosisGroup#RAW}; table: as
 *     written, lower case, "" without a diagnosis column)
 * @param group the diagnosis group (table: null without a diagnosis column)
 * @param criteria grouped criteria indices in {@link Criterion} order (table: all -1 without
 *     criteria columns)
 * @param sevenPointScore the {@code seven_point_score} column as written (table: computed from
 *     the criteria, -1 without them)
 * @param clinic clinical image path relative to {@code images/}, as written (case matters; table:
 *     relative to the CSV's folder, "" when the case has none)
 * @param derm dermoscopic image path relative to {@code images/}, as written (table: as clinic)
 * @param id the case's name in its source: Derm7pt's case_num as text, a case table's case_id
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
    String derm,
    String id) {

  /** A case without a name of its own: the id is the case number. */
  public LesionCase(
      int row, int caseNum, String diagnosis, DiagnosisGroup group, int[] criteria, int sevenPointScore,
      Management management, String sex, String location, String elevation, String clinic, String derm) {
    this(row, caseNum, diagnosis, group, criteria, sevenPointScore, management, sex, location, elevation,
        clinic, derm, Integer.toString(caseNum));
  }

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
