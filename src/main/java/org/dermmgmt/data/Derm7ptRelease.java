package org.dermmgmt.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.DataProblem.Kind;

/**
 * A Derm7pt release in the official {@code release_v0} layout: {@code meta/meta.csv}, the three
 * {@code meta/<split>_indexes.csv} files and {@code images/}.
 *
 * <p>Only fatal problems throw (no meta.csv, a missing column, a missing index file). Rows or
 * indexes that cannot be used are left out of {@link #cases()} and {@link #split(Split)} and
 * recorded in {@link #loadProblems()} for {@link DataChecker} to report; loading never stops on
 * them so that one bad row does not hide the others.
 */
public final class Derm7ptRelease implements CaseSource {
  /** The 19 meta.csv columns of the official release, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "case_num",
          "diagnosis",
          "seven_point_score",
          "pigment_network",
          "streaks",
          "pigmentation",
          "regression_structures",
          "dots_and_globules",
          "blue_whitish_veil",
          "vascular_structures",
          "level_of_diagnostic_difficulty",
          "elevation",
          "location",
          "sex",
          "management",
          "clinic",
          "derm",
          "case_id",
          "notes");

  /** The columns this loader reads; the others are informative only. */
  public static final List<String> REQUIRED_COLUMNS =
      COLUMNS.stream()
          .filter(c -> !List.of("level_of_diagnostic_difficulty", "case_id", "notes").contains(c))
          .toList();

  public static final String META_CSV = "meta/meta.csv";
  private static final String INDEX_HEADER = "indexes";
  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();

  private final Path root;
  private final int rowCount;
  private final List<LesionCase> cases;
  private final Map<Split, List<LesionCase>> splits;
  private final Map<Split, List<Integer>> rawIndexes;
  private final List<DataProblem> loadProblems;

  private Derm7ptRelease(
      Path root,
      int rowCount,
      List<LesionCase> cases,
      Map<Split, List<LesionCase>> splits,
      Map<Split, List<Integer>> rawIndexes,
      List<DataProblem> loadProblems) {
    this.root = root;
    this.rowCount = rowCount;
    this.cases = List.copyOf(cases);
    this.splits = splits;
    this.rawIndexes = rawIndexes;
    this.loadProblems = List.copyOf(loadProblems);
  }

  public static Derm7ptRelease open(Path root) {
    if (!Files.isDirectory(root)) {
      throw new UserInputException("data directory " + root + " does not exist or is not a directory");
    }
    List<String> missing = missingColumns(root);
    if (!missing.isEmpty()) {
      throw new UserInputException(
          root.resolve(META_CSV) + ": missing column(s) " + String.join(", ", missing)
              + "; expected the release_v0 columns " + String.join(", ", COLUMNS));
    }
    List<DataProblem> problems = new ArrayList<>();
    Map<Split, List<Integer>> rawIndexes = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      rawIndexes.put(s, readIndexes(root, s, problems));
    }
    Map<Integer, Split> splitOfRow = new HashMap<>();
    rawIndexes.forEach((s, rows) -> rows.forEach(r -> splitOfRow.putIfAbsent(r, s)));

    Map<Integer, LesionCase> byRow = new TreeMap<>();
    int rowCount = 0;
    Path meta = root.resolve(META_CSV);
    try (Reader in = Files.newBufferedReader(meta, StandardCharsets.UTF_8);
        CSVParser parser = FORMAT.parse(in)) {
      for (CSVRecord rec : parser) {
        int row = rowCount++;
        Derm7ptRowParser p = new Derm7ptRowParser(rec, row, splitOfRow.get(row), problems);
        p.parse().ifPresent(c -> byRow.put(row, c));
      }
    } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
      throw new UserInputException("cannot read " + meta + ": " + e.getMessage(), e);
    }
    checkIndexes(rawIndexes, rowCount, byRow, problems);

    Map<Split, List<LesionCase>> splits = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      List<LesionCase> list = new ArrayList<>();
      List<Integer> seen = new ArrayList<>();
      for (int r : rawIndexes.get(s)) {
        if (byRow.containsKey(r) && !seen.contains(r)) {
          seen.add(r);
          list.add(byRow.get(r));
        }
      }
      splits.put(s, List.copyOf(list));
    }
    return new Derm7ptRelease(
        root, rowCount, new ArrayList<>(byRow.values()), splits, rawIndexes, problems);
  }

  /** Required columns absent from the header of {@code root/meta/meta.csv}; throws if unreadable. */
  public static List<String> missingColumns(Path root) {
    Path meta = root.resolve(META_CSV);
    if (!Files.isRegularFile(meta)) {
      throw new UserInputException(
          "no " + META_CSV + " under " + root + " (expected the Derm7pt release_v0 layout)");
    }
    try (Reader in = Files.newBufferedReader(meta, StandardCharsets.UTF_8);
        CSVParser parser = FORMAT.parse(in)) {
      List<String> header = parser.getHeaderNames();
      return REQUIRED_COLUMNS.stream().filter(c -> !header.contains(c)).toList();
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException("cannot read " + meta + ": " + e.getMessage(), e);
    }
  }

  public Path root() {
    return root;
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public Map<String, String> checksums() {
    return csvSha256();
  }

  /** Every row that parsed without problems, in row order. */
  @Override
  public List<LesionCase> cases() {
    return cases;
  }

  /** Number of data rows in meta.csv, parsed or not. */
  public int rowCount() {
    return rowCount;
  }

  /** The usable cases of a split, in index-file order (duplicates and bad indexes left out). */
  @Override
  public List<LesionCase> split(Split split) {
    return splits.get(split);
  }

  /** The index values of a split exactly as read (numbers only). */
  public List<Integer> rawIndexes(Split split) {
    return rawIndexes.get(split);
  }

  /** An image path relative to {@code images/}, used as written: case matters (FCL vs FCl). */
  @Override
  public Path image(String relativePath) {
    return root.resolve("images").resolve(relativePath);
  }

  /** Relative file name → sha256 of meta.csv and the index files, for provenance. */
  public Map<String, String> csvSha256() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(META_CSV, Provenance.sha256(root.resolve(META_CSV)));
    for (Split s : Split.values()) {
      out.put("meta/" + s.indexFile(), Provenance.sha256(root.resolve("meta").resolve(s.indexFile())));
    }
    return out;
  }

  /** Non-fatal problems met while loading: unknown labels, bad numbers, bad indexes. */
  public List<DataProblem> loadProblems() {
    return loadProblems;
  }

  private static List<Integer> readIndexes(Path root, Split split, List<DataProblem> problems) {
    Path file = root.resolve("meta").resolve(split.indexFile());
    if (!Files.isRegularFile(file)) {
      throw new UserInputException("no meta/" + split.indexFile() + " under " + root);
    }
    List<Integer> rows = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = FORMAT.parse(in)) {
      if (!parser.getHeaderNames().contains(INDEX_HEADER)) {
        throw new UserInputException(
            file + ": missing column " + INDEX_HEADER + " (header is " + parser.getHeaderNames() + ")");
      }
      for (CSVRecord rec : parser) {
        String v = rec.get(INDEX_HEADER);
        try {
          rows.add(Integer.parseInt(v));
        } catch (NumberFormatException e) {
          problems.add(
              new DataProblem(
                  Kind.INVALID_NUMBER, split, -1, -1, split.indexFile(), v,
                  file.getFileName() + " line " + (rec.getRecordNumber() + 1)
                      + ": index '" + v + "' is not an integer"));
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static void checkIndexes(
      Map<Split, List<Integer>> rawIndexes,
      int rowCount,
      Map<Integer, LesionCase> byRow,
      List<DataProblem> problems) {
    Map<Integer, Split> firstSplit = new HashMap<>();
    for (Split s : Split.values()) {
      Map<Integer, Integer> count = new TreeMap<>();
      for (int r : rawIndexes.get(s)) {
        count.merge(r, 1, Integer::sum);
      }
      for (var e : count.entrySet()) {
        int r = e.getKey();
        int caseNum = byRow.containsKey(r) ? byRow.get(r).caseNum() : -1;
        if (r < 0 || r >= rowCount) {
          problems.add(
              new DataProblem(
                  Kind.INDEX_OUT_OF_RANGE, s, -1, r, s.indexFile(), Integer.toString(r),
                  s.indexFile() + ": index " + r + " outside meta.csv rows [0, " + rowCount + ")"));
          continue;
        }
        if (e.getValue() > 1) {
          problems.add(
              new DataProblem(
                  Kind.DUPLICATE_INDEX, s, caseNum, r, s.indexFile(), Integer.toString(r),
                  s.indexFile() + ": index " + r + " appears " + e.getValue() + " times"));
        }
        Split other = firstSplit.putIfAbsent(r, s);
        if (other != null) {
          for (Split both : List.of(other, s)) {
            problems.add(
                new DataProblem(
                    Kind.OVERLAPPING_INDEX, both, caseNum, r, both.indexFile(), Integer.toString(r),
                    "row " + r + " is in both " + other.indexFile() + " and " + s.indexFile()));
          }
        }
      }
    }
  }
}
