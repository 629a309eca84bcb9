package org.dermmgmt.data;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.dermmgmt.UserInputException;

/**
 * The seven-point checklist criteria with the grouped labels of Derm7pt's
 * {@code Derm7PtDatasetGroupInfrequent} loader (paper.md §2.5). Infrequent raw values are merged
 * into groups because several raw values occur only a handful of times.
 */
public enum Criterion {
  PN(
      "pigment_network",
      List.of("ABS", "TYP", "ATP"),
      Map.of("absent", 0, "typical", 1, "atypical", 2),
      new int[] {0, 0, 2}),
  STR(
      "streaks",
      List.of("ABS", "REG", "IR"),
      Map.of("absent", 0, "regular", 1, "irregular", 2),
      new int[] {0, 0, 1}),
  PIG(
      "pigmentation",
      List.of("ABS", "REG", "IR"),
      Map.of(
          "absent", 0,
          "diffuse regular", 1,
          "localized regular", 1,
          "diffuse irregular", 2,
          "localized irregular", 2),
      new int[] {0, 0, 1}),
  RS(
      "regression_structures",
      List.of("ABS", "PRS"),
      Map.of("absent", 0, "blue areas", 1, "white areas", 1, "combinations", 1),
      new int[] {0, 1}),
  DaG(
      "dots_and_globules",
      List.of("ABS", "REG", "IR"),
      Map.of("absent", 0, "regular", 1, "irregular", 2),
      new int[] {0, 0, 1}),
  BWV("blue_whitish_veil", List.of("ABS", "PRS"), Map.of("absent", 0, "present", 1), new int[] {0, 2}),
  VS(
      "vascular_structures",
      List.of("ABS", "REG", "IR"),
      Map.of(
          "absent", 0,
          "arborizing", 1,
          "comma", 1,
          "hairpin", 1,
          "within regression", 1,
          "wreath", 1,
          "dotted", 2,
          "linear irregular", 2),
      new int[] {0, 0, 2});

  public static final List<Criterion> ALL = List.of(values());

  private final String column;
  private final List<String> labels;
  private final Map<String, Integer> rawToGroup;
  private final int[] points;

  Criterion(String column, List<String> labels, Map<String, Integer> rawToGroup, int[] points) {
    this.column = column;
    this.labels = labels;
    this.rawToGroup = rawToGroup;
    this.points = points;
  }

  /** The meta.csv column holding the raw value. */
  public String column() {
    return column;
  }

  /** Grouped labels; a group index is a position in this list. */
  public List<String> labels() {
    return labels;
  }

  public int numClasses() {
    return labels.size();
  }

  /** Every raw meta.csv value this criterion accepts (lower case). */
  public List<String> rawValues() {
    return rawToGroup.keySet().stream().sorted().toList();
  }

  /** The group index of a raw value (trimmed, case-insensitive), or empty when unknown. */
  public OptionalInt tryGroup(String rawValue) {
    Integer g = rawValue == null ? null : rawToGroup.get(rawValue.trim().toLowerCase());
    return g == null ? OptionalInt.empty() : OptionalInt.of(g);
  }

  /**
   * The group index of a raw value. Throws {@link UserInputException} naming the column and the
   * valid values when unknown; use {@link #tryGroup} to test without throwing.
   */
  public int group(String rawValue) {
    return tryGroup(rawValue)
        .orElseThrow(
            () ->
                new UserInputException(
                    "unknown value '" + rawValue + "' in column " + column + ": expected one of "
                        + rawValues()));
  }

  /** Checklist points of a group: 2 for the major criteria (PN, BWV, VS), 1 for the minor. */
  public int points(int groupIndex) {
    if (groupIndex < 0 || groupIndex >= points.length) {
      throw new IllegalArgumentException(
          this + ": group index expected in [0, " + points.length + "), got " + groupIndex);
    }
    return points[groupIndex];
  }

  /** The seven-point score of grouped criteria given in {@link Criterion} order. */
  public static int sevenPointScore(int[] groupedCriteria) {
    if (groupedCriteria.length != ALL.size()) {
      throw new IllegalArgumentException(
          "expected " + ALL.size() + " grouped criteria, got " + groupedCriteria.length);
    }
    int score = 0;
    for (Criterion c : ALL) {
      score += c.points(groupedCriteria[c.ordinal()]);
    }
    return score;
  }
}
