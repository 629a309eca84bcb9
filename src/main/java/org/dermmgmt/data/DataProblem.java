package org.dermmgmt.data;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collection;

/**
 * One problem found in a Derm7pt release. Fields that do not apply are null ({@code split},
 * {@code column}, {@code value}) or -1 ({@code caseNum}, {@code row}).
 *
 * @param split the split the problem touches; null when it touches no split or all of them
 * @param row 0-based meta.csv row (or, for index problems, the index value when it is a number)
 * @param column the meta.csv column or the index file name
 */
public record DataProblem(
    Kind kind, Split split, @JsonProperty("case_num") int caseNum, int row, String column, String value, String message) {

  public enum Kind {
    /** meta.csv lacks a column the loader needs: nothing can be used. */
    MISSING_COLUMN(true),
    /** A value that is not a number where one is required (case_num, seven_point_score, index). */
    INVALID_NUMBER(false),
    UNKNOWN_LABEL(false),
    SCORE_MISMATCH(false),
    DUPLICATE_INDEX(false),
    INDEX_OUT_OF_RANGE(false),
    OVERLAPPING_INDEX(false),
    MISSING_IMAGE(false),
    UNREADABLE_IMAGE(false);

    private final boolean global;

    Kind(boolean global) {
      this.global = global;
    }

    /** Global problems make every split unusable. */
    public boolean isGlobal() {
      return global;
    }
  }

  /** Whether this problem makes any of {@code splits} unusable. */
  public boolean touches(Collection<Split> splits) {
    return split == null ? kind.isGlobal() : splits.contains(split);
  }
}
