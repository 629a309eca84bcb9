package org.dermmgmt.data.synthetic;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;

/**
 * Writes a synthetic case table ({@link org.dermmgmt.data.table.CaseTable}): {@code cases.csv}
 * and its images under {@code images/}, the same cases, images and splits as
 * {@link SyntheticDerm7pt} with the same arguments, so a table and a release can be compared.
 * Rows are in the release's row order, so row, case number (case_id) and split order all match
 * the release's; management is written NONE/CLNC/EXC, diagnosis in Derm7pt's words and the
 * criteria as grouped labels (ABS, TYP, ...).
 */
public final class SyntheticTable {
  public static final String FILE = "cases.csv";

  private SyntheticTable() {}

  /** Writes {@code out/cases.csv} and {@code out/images/}; returns the CSV. */
  public static Path write(Path out, int cases, int width, long seed) {
    if (Files.exists(out.resolve(FILE))) {
      throw new UserInputException(out + " already holds a " + FILE + "; choose an empty directory");
    }
    SyntheticDerm7pt.write(out, cases, width, seed);
    Derm7ptRelease release = Derm7ptRelease.open(out);
    Path csv = out.resolve(FILE);
    List<String> header = new ArrayList<>(List.of("case_id", "clinic", "derm", "sex", "location", "elevation",
        "management", "diagnosis"));
    Criterion.ALL.forEach(c -> header.add(c.column()));
    header.add("split");
    try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        CSVPrinter p = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get().print(w)) {
      p.printRecord(header);
      Map<Integer, Split> splitOf = new HashMap<>();
      for (Split s : Split.values()) {
        release.split(s).forEach(c -> splitOf.put(c.row(), s));
      }
      for (LesionCase c : release.cases()) {
        List<String> row = new ArrayList<>(List.of(String.valueOf(c.caseNum()), "images/" + c.clinic(),
            "images/" + c.derm(), c.sex(), c.location(), c.elevation(), c.management().name(), c.diagnosis()));
        for (Criterion k : Criterion.ALL) {
          row.add(k.labels().get(c.criterion(k)));
        }
        row.add(splitOf.get(c.row()).label());
        p.printRecord(row);
      }
      deleteTree(out.resolve("meta"));
    } catch (IOException e) {
      throw new UserInputException("cannot write synthetic table to " + out + ": " + e.getMessage(), e);
    }
    return csv;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
