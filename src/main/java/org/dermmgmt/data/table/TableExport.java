package org.dermmgmt.data.table;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;

/**
 * Writes a Derm7pt release's cases as a case table ({@code DIR/cases.csv}), a starting point for a
 * clinic that wants to add or edit cases in a spreadsheet. The rows keep the case numbers, labels,
 * criteria and split, in split order (the release's index files are not sorted, and training meets
 * cases in this order), so training on the table sees what training on the release sees. The
 * images are not copied: {@code DIR/images} is a link to the release's image folder.
 */
public final class TableExport {
  /** The table's file name in its folder, as {@code data synth --format table} writes it. */
  public static final String FILE = "cases.csv";

  private TableExport() {}

  /** @return the written {@code cases.csv} */
  public static Path write(Derm7ptRelease release, List<Split> splits, Path dir) {
    Path csv = dir.resolve(FILE);
    if (Files.exists(csv)) {
      throw new UserInputException(dir + " already holds a " + FILE + "; choose an empty directory");
    }
    Map<Integer, Split> splitOf = new HashMap<>();
    List<LesionCase> ordered = new ArrayList<>();
    for (Split s : splits) {
      for (LesionCase c : release.split(s)) {
        splitOf.put(c.row(), s);
        ordered.add(c);
      }
    }
    try {
      Files.createDirectories(dir);
      try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
          CSVPrinter p = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get().print(w)) {
        List<String> header = new ArrayList<>(List.of("case_id", "clinic", "derm", "sex", "location", "elevation",
            "management", "diagnosis"));
        Criterion.ALL.forEach(c -> header.add(c.column()));
        header.add("split");
        p.printRecord(header);
        for (LesionCase c : ordered) {
          List<String> row = new ArrayList<>(List.of(String.valueOf(c.caseNum()), "images/" + c.clinic(),
              "images/" + c.derm(), c.sex(), c.location(), c.elevation(), c.management().raw(), c.diagnosis()));
          Criterion.ALL.forEach(k -> row.add(k.labels().get(c.criterion(k))));
          row.add(splitOf.get(c.row()).label());
          p.printRecord(row);
        }
      }
      Path link = dir.resolve("images");
      if (!Files.exists(link)) {
        Files.createSymbolicLink(link, release.image("").toAbsolutePath().normalize());
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new UserInputException("cannot write the case table into " + dir + ": " + e.getMessage(), e);
    }
    return csv;
  }
}
