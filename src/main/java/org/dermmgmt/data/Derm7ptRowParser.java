package org.dermmgmt.data;

import java.util.List;
import java.util.OptionalInt;
import org.apache.commons.csv.CSVRecord;
import org.dermmgmt.data.DataProblem.Kind;

/** Parses one meta.csv row, recording every problem rather than stopping at the first. */
final class Derm7ptRowParser {
  private final CSVRecord rec;
  private final int row;
  private final Split split;
  private final List<DataProblem> problems;
  private int caseNum = -1;
  private boolean ok = true;

  Derm7ptRowParser(CSVRecord rec, int row, Split split, List<DataProblem> problems) {
    this.rec = rec;
    this.row = row;
    this.split = split;
    this.problems = problems;
  }

  java.util.Optional<LesionCase> parse() {
    if (!rec.isConsistent()) {
      problem(Kind.MISSING_COLUMN, null, Integer.toString(rec.size()),
          "has " + rec.size() + " fields, the header has " + rec.getParser().getHeaderNames().size());
      return java.util.Optional.empty();
    }
    caseNum = number("case_num");
    String diagnosis = get("diagnosis");
    DiagnosisGroup group = DiagnosisGroup.fromRaw(diagnosis).orElse(null);
    if (group == null) {
      unknown("diagnosis", diagnosis, DiagnosisGroup.RAW.keySet().stream().sorted().toList());
    }
    int[] criteria = new int[Criterion.ALL.size()];
    for (Criterion c : Criterion.ALL) {
      String v = get(c.column());
      OptionalInt g = c.tryGroup(v);
      if (g.isPresent()) {
        criteria[c.ordinal()] = g.getAsInt();
      } else {
        unknown(c.column(), v, c.rawValues());
      }
    }
    int score = number("seven_point_score");
    String mgmtRaw = get("management");
    Management management = Management.fromRaw(mgmtRaw).orElse(null);
    if (management == null) {
      unknown("management", mgmtRaw, Management.ALL.stream().map(Management::raw).toList());
    }
    for (String field : List.of("sex", "location", "elevation")) {
      if (!MetadataEncoder.isKnown(field, get(field))) {
        unknown(field, get(field), MetadataEncoder.valuesOf(field));
      }
    }
    String clinic = get("clinic");
    String derm = get("derm");
    for (String col : List.of("clinic", "derm")) {
      if (get(col).isEmpty()) {
        problem(Kind.MISSING_IMAGE, col, "", "no image path");
      }
    }
    if (ok && Criterion.sevenPointScore(criteria) != score) {
      problem(Kind.SCORE_MISMATCH, "seven_point_score", Integer.toString(score),
          "seven_point_score " + score + " but the criteria give "
              + Criterion.sevenPointScore(criteria));
    }
    if (!ok) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new LesionCase(
            row, caseNum, diagnosis.trim().toLowerCase(), group, criteria, score, management,
            get("sex").toLowerCase(), get("location").toLowerCase(), get("elevation").toLowerCase(),
            clinic, derm));
  }

  private String get(String column) {
    return rec.get(column);
  }

  private int number(String column) {
    String v = get(column);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      problem(Kind.INVALID_NUMBER, column, v, "'" + v + "' is not an integer");
      return -1;
    }
  }

  private void unknown(String column, String value, List<String> expected) {
    problem(Kind.UNKNOWN_LABEL, column, value,
        "unknown " + column + " '" + value + "', expected one of " + expected);
  }

  private void problem(Kind kind, String column, String value, String what) {
    ok = false;
    problems.add(
        new DataProblem(
            kind, split, caseNum, row, column, value,
            "meta.csv row " + row + " (case " + caseNum + ")"
                + (column == null ? "" : ", column " + column) + ": " + what));
  }
}
