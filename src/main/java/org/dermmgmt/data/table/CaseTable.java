package org.dermmgmt.data.table;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.CaseSource;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.MetadataVocabulary;
import org.dermmgmt.data.Split;

/**
 * A clinic's own cases as one CSV file (UTF-8, with or without byte-order mark, LF or CRLF):
 *
 * <pre>
 * case_id,clinic,derm,sex,location,elevation,management[,diagnosis][,7 criteria][,split]
 * </pre>
 *
 * Columns are found by name, in any order, among any others. {@code clinic} and {@code derm} are
 * image paths relative to the CSV's folder (either may be empty, not both); {@code management} is
 * NONE/CLNC/EXC or the Derm7pt words; {@code diagnosis} a group (BCC, NEV, MEL, MISC, SK) or a
 * Derm7pt diagnosis; the criteria columns (pigment_network ... vascular_structures, all seven or
 * none) grouped labels or Derm7pt values; {@code split} train/valid/test. Without a split column
 * the cases are split 60/20/20 within each management class with a seed ({@link StratifiedSplit}).
 *
 * <p>Any problem refuses the whole table with one line naming the file, the row (and line), the
 * case and the field: a missing column, an unknown label or (given a vocabulary) metadata value,
 * a duplicated case id, a path leaving the CSV's folder, a row whose image is missing. The line
 * ends with how many other rows have problems.
 *
 * <p>Mapping onto {@link LesionCase}: {@code row} is the 0-based data row; {@code caseNum} is the
 * case_id when every case_id is a positive integer (so a table made from Derm7pt keeps its case
 * numbers, augmentation seeds and pairings), else row + 1; {@code id} is the case_id as written.
 */
public final class CaseTable implements CaseSource {
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
      .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
      .setAllowMissingColumnNames(true).setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).get();

  private final Path csv;
  private final Path folder;
  private final TableHeader header;
  private final List<LesionCase> cases;
  private final Map<Split, List<LesionCase>> splits;

  private CaseTable(Path csv, TableHeader header, List<LesionCase> cases, Map<Split, List<LesionCase>> splits) {
    this.csv = csv;
    this.folder = csv.toAbsolutePath().normalize().getParent();
    this.header = header;
    this.cases = List.copyOf(cases);
    this.splits = splits;
  }

  /** A table with the defaults: any metadata values, split seed 1, images required. */
  public static CaseTable open(Path csv) {
    return builder().setCsv(csv).open();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String describe() {
    return csv.toString();
  }

  @Override
  public List<LesionCase> cases() {
    return cases;
  }

  @Override
  public List<LesionCase> split(Split split) {
    return splits.get(split);
  }

  /** The file a clinic/derm reference points to; refuses references leaving the CSV's folder. */
  @Override
  public Path image(String reference) {
    Path p = folder.resolve(reference.replace('\\', '/')).normalize();
    if (!p.startsWith(folder)) {
      throw new UserInputException("image path " + reference + " leaves the folder of " + csv);
    }
    return p;
  }

  @Override
  public Map<String, String> checksums() {
    return Map.of(csv.getFileName().toString(), Provenance.sha256(csv));
  }

  public Path csv() {
    return csv;
  }

  /** Whether the table has a diagnosis column (needed by the diag and multi tasks). */
  public boolean hasDiagnosis() {
    return header.hasDiagnosis();
  }

  /** Whether the table has the seven criteria columns (needed by the multi task). */
  public boolean hasCriteria() {
    return header.hasCriteria();
  }

  /** Whether the splits come from a split column (else from the seeded stratified split). */
  public boolean hasSplitColumn() {
    return header.hasSplit();
  }

  public static final class Builder {
    private Path csv;
    private MetadataVocabulary vocabulary;
    private long splitSeed = 1;
    private boolean requireImages = true;

    private Builder() {}

    /** Required: the CSV file. */
    public Builder setCsv(Path csv) {
      this.csv = csv;
      return this;
    }

    /** Metadata values must belong to this vocabulary (a trained model's); default: any value. */
    public Builder optVocabulary(MetadataVocabulary vocabulary) {
      this.vocabulary = vocabulary;
      return this;
    }

    /** Seed of the stratified split used when the table has no split column; default 1. */
    public Builder optSplitSeed(long seed) {
      this.splitSeed = seed;
      return this;
    }

    /** Whether a row whose image file is missing refuses the table; default true (data check: false). */
    public Builder optRequireImages(boolean require) {
      this.requireImages = require;
      return this;
    }

    public CaseTable open() {
      if (csv == null) {
        throw new IllegalStateException("CaseTable: expected setCsv(Path) to be called, got no file");
      }
      return read(this);
    }
  }

  private static CaseTable read(Builder b) {
    Path csv = b.csv;
    String name = csv.toString();
    if (!Files.isRegularFile(csv)) {
      throw new UserInputException("case table " + csv + " does not exist or is not a file");
    }
    String text = readUtf8(csv);
    Path folder = csv.toAbsolutePath().normalize().getParent();
    int[] lineStarts = lineStarts(text);
    List<TableRow.Parsed> parsed = new ArrayList<>();
    TableHeader header;
    try (CSVParser parser = FORMAT.parse(new java.io.StringReader(text))) {
      header = TableHeader.of(name, parser.getHeaderNames());
      int row = 0;
      for (CSVRecord rec : parser) {
        if (rec.stream().allMatch(String::isBlank)) {
          continue; // a line of commas only, as spreadsheets leave at the end
        }
        long line = line(lineStarts, rec.getCharacterPosition());
        parsed.add(new TableRow(header, rec, row++, line, b.vocabulary, folder).parse());
      }
    } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      throw new UserInputException("cannot read case table " + csv + ": " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    List<LesionCase> cases = new ArrayList<>();
    Map<Integer, Split> givenSplit = new HashMap<>();
    Map<String, LesionCase> byId = new HashMap<>();
    for (TableRow.Parsed p : parsed) {
      if (p.problem() != null) {
        problems.add(p.problem());
        continue;
      }
      LesionCase c = p.c();
      LesionCase first = byId.putIfAbsent(c.id(), c);
      if (first != null) {
        problems.add(name + " row " + (c.row() + 1) + ", field case_id: case " + c.id()
            + " appears again (first at row " + (first.row() + 1) + ")");
        continue;
      }
      if (b.requireImages) {
        String missing = missingImage(folder, c);
        if (missing != null) {
          problems.add(name + " row " + (c.row() + 1) + " (case " + c.id() + "), field " + missing);
          continue;
        }
      }
      cases.add(c);
      if (p.split() != null) {
        givenSplit.put(c.row(), p.split());
      }
    }
    if (!problems.isEmpty()) {
      throw new UserInputException(problems.get(0)
          + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s) in other rows)" : ""));
    }
    if (cases.isEmpty()) {
      throw new UserInputException("case table " + csv + " has no cases (only a header)");
    }
    cases = numbered(cases);
    Map<Integer, Split> splitOf = header.hasSplit() ? givenSplit : StratifiedSplit.of(cases, b.splitSeed);
    Map<Split, List<LesionCase>> splits = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      splits.put(s, cases.stream().filter(c -> splitOf.get(c.row()) == s).toList());
    }
    return new CaseTable(csv, header, cases, splits);
  }

  /** "clinic: image X does not exist", or null when every named image is a file. */
  private static String missingImage(Path folder, LesionCase c) {
    for (String[] f : new String[][] {{"clinic", c.clinic()}, {"derm", c.derm()}}) {
      if (!f[1].isEmpty() && !Files.isRegularFile(folder.resolve(f[1]))) {
        return f[0] + ": image " + f[1] + " does not exist (looked for " + folder.resolve(f[1]) + ")";
      }
    }
    return null;
  }

  /** Case numbers: the ids themselves when all are positive integers, else row + 1. */
  private static List<LesionCase> numbered(List<LesionCase> cases) {
    boolean numeric = cases.stream().allMatch(c -> c.id().matches("[1-9][0-9]{0,8}"));
    return cases.stream()
        .map(c -> new LesionCase(c.row(), numeric ? Integer.parseInt(c.id()) : c.row() + 1, c.diagnosis(),
            c.group(), c.criteria(), c.sevenPointScore(), c.management(), c.sex(), c.location(),
            c.elevation(), c.clinic(), c.derm(), c.id()))
        .toList();
  }

  /** A CSV's text, refused in one line unless UTF-8; a byte-order mark is dropped. */
  public static String readUtf8(Path csv) {
    try {
      byte[] bytes = Files.readAllBytes(csv);
      String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new UserInputException("case table " + csv
          + " is not UTF-8 text: save it as 'CSV UTF-8' (a spreadsheet's plain 'CSV' may use another encoding)");
    } catch (IOException e) {
      throw new UserInputException("cannot read case table " + csv + ": " + e.getMessage(), e);
    }
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** 1-based line holding character {@code pos}. */
  private static long line(int[] starts, long pos) {
    int i = Arrays.binarySearch(starts, (int) pos);
    return (i >= 0 ? i : -i - 2) + 1;
  }
}
