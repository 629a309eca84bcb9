package org.dermmgmt.data.table;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.commons.csv.CSVRecord;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Management;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.data.Split;

/**
 * Parses one data row of a case table. A problem is returned as a message that names the file,
 * the row (1-based data row and its line in the file), the case and the field, so the user can go
 * straight to the cell.
 */
final class TableRow {
  /** A parsed row, or the reason it is not usable. */
  record Parsed(LesionCase c, Split split, String problem) {}

  private final TableHeader header;
  private final CSVRecord rec;
  private final int row;
  private final long line;
  private final MetadataVocabulary vocabulary;
  private final Path folder;
  private String id = "";
  /** Why the last {@link #reference} returned null. */
  private Parsed pathProblem;

  TableRow(TableHeader header, CSVRecord rec, int row, long line, MetadataVocabulary vocabulary, Path folder) {
    this.header = header;
    this.rec = rec;
    this.row = row;
    this.line = line;
    this.vocabulary = vocabulary;
    this.folder = folder;
  }

  /** The case, with caseNum -1 (the table assigns numbers once it has seen every id). */
  Parsed parse() {
    int needed = header.size();
    if (header.index().get("case_id") < rec.size()) {
      id = get("case_id"); // early, so that even a malformed row is named by its case
    }
    if (rec.size() < needed) {
      return fail(null, "has " + rec.size() + " fields, the header names " + needed);
    }
    for (int i = header.columns(); i < rec.size(); i++) {
      if (!rec.get(i).isBlank()) {
        return fail(null, "has " + rec.size() + " fields, more than the header's " + header.columns()
            + " (a comma inside a value must be quoted)");
      }
    }
    id = get("case_id");
    if (id.isEmpty()) {
      return fail("case_id", "empty case_id");
    }
    String mgmtValue = get("management");
    Optional<Management> management = Management.parse(mgmtValue);
    if (management.isEmpty()) {
      return unknown("management", mgmtValue,
          "NONE, CLNC, EXC or " + String.join(", ", Management.ALL.stream().map(Management::raw).toList()));
    }
    String diagnosis = "";
    DiagnosisGroup group = null;
    if (header.hasDiagnosis()) {
      diagnosis = get(TableHeader.DIAGNOSIS);
      group = diagnosisGroup(diagnosis);
      if (group == null) {
        return unknown(TableHeader.DIAGNOSIS, diagnosis, "BCC, NEV, MEL, MISC, SK or a Derm7pt diagnosis");
      }
      diagnosis = diagnosis.toLowerCase(Locale.ROOT);
    }
    int[] criteria = new int[Criterion.ALL.size()];
    Arrays.fill(criteria, -1);
    int score = -1;
    if (header.hasCriteria()) {
      for (Criterion c : Criterion.ALL) {
        String v = get(c.column());
        OptionalInt g = criterionGroup(c, v);
        if (g.isEmpty()) {
          return unknown(c.column(), v, String.join(", ", c.labels()) + " or " + String.join(", ", c.rawValues()));
        }
        criteria[c.ordinal()] = g.getAsInt();
      }
      score = Criterion.sevenPointScore(criteria);
    }
    Split split = null;
    if (header.hasSplit()) {
      String s = get(TableHeader.SPLIT);
      split = Arrays.stream(Split.values()).filter(x -> x.label().equalsIgnoreCase(s)).findFirst().orElse(null);
      if (split == null) {
        return unknown(TableHeader.SPLIT, s, "train, valid, test");
      }
    }
    String[] meta = new String[3];
    for (int i = 0; i < 3; i++) {
      String field = MetadataVocabulary.FIELDS.get(i);
      String raw = get(field);
      meta[i] = MetadataVocabulary.normalize(field, raw);
      if (meta[i].isEmpty()) {
        return fail(field, "empty " + field);
      }
      if (vocabulary != null && !vocabulary.isKnown(field, raw)) {
        return unknown(field, raw, String.join(", ", vocabulary.values(field)));
      }
    }
    String clinic = reference("clinic");
    String derm = reference("derm");
    if (clinic == null || derm == null) {
      return pathProblem;
    }
    if (clinic.isEmpty() && derm.isEmpty()) {
      return fail("clinic", "clinic and derm are both empty: a case needs at least one image");
    }
    LesionCase c = new LesionCase(row, -1, diagnosis, group, criteria, score, management.get(),
        meta[0], meta[1], meta[2], clinic, derm, id);
    return new Parsed(c, split, null);
  }

  /** The path as written with '/' separators; null (and {@link #pathProblem}) when it is unsafe. */
  private String reference(String field) {
    String v = get(field).replace('\\', '/');
    if (v.isEmpty()) {
      return "";
    }
    try {
      Path p = Path.of(v);
      Path resolved = folder.resolve(p).normalize();
      if (p.isAbsolute() || !resolved.startsWith(folder)) {
        pathProblem = fail(field, "path " + v + " leaves the table's folder " + folder
            + " (image paths are relative to the CSV and stay below it)");
        return null;
      }
    } catch (InvalidPathException e) {
      pathProblem = fail(field, "'" + v + "' is not a valid path: " + e.getReason());
      return null;
    }
    return v;
  }

  static DiagnosisGroup diagnosisGroup(String v) {
    return DiagnosisGroup.parse(v).orElse(null);
  }

  /** A grouped label (ABS, TYP, ...) or a raw Derm7pt value (absent, typical, ...). */
  static OptionalInt criterionGroup(Criterion c, String v) {
    List<String> labels = c.labels();
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).equalsIgnoreCase(v.trim())) {
        return OptionalInt.of(i);
      }
    }
    return c.tryGroup(v);
  }

  String where(String field) {
    return header.file() + " row " + (row + 1) + " (line " + line + (id.isEmpty() ? "" : ", case " + id) + ")"
        + (field == null ? "" : ", field " + field);
  }

  private String get(String column) {
    return rec.get(header.index().get(column)).trim();
  }

  private Parsed unknown(String field, String value, String expected) {
    return fail(field, "unknown " + field + " '" + value + "', expected one of " + expected);
  }

  private Parsed fail(String field, String what) {
    return new Parsed(null, null, where(field) + ": " + what);
  }
}
