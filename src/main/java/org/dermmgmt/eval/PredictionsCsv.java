package org.dermmgmt.eval;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;

/**
 * predictions.csv: one row per case. Columns {@link #BASE_HEADER}, then {@link #DIAGNOSIS_HEADER}
 * when any case has diagnosis outputs (empty cells for cases without), or only {@code
 * true_diagnosis} when the model has no diagnosis head but the cases have diagnoses (a management
 * model: the safety policy and the missed-malignancy rates need the true diagnosis). Probabilities are written
 * with full double precision so a re-read gives identical metrics.
 */
public final class PredictionsCsv {
  public static final List<String> BASE_HEADER =
      List.of("case_num", "split", "true_management", "p_NONE", "p_CLNC", "p_EXC",
          "predicted_management");
  public static final List<String> DIAGNOSIS_HEADER =
      List.of("true_diagnosis", "p_BCC", "p_NEV", "p_MEL", "p_MISC", "p_SK",
          "predicted_diagnosis");

  static final String TRUE_DIAGNOSIS = "true_diagnosis";

  private PredictionsCsv() {}

  public static void write(List<EvaluatedCase> cases, Path file) {
    boolean diag = cases.stream().anyMatch(c -> c.pDiagnosis() != null);
    boolean truth = diag || cases.stream().anyMatch(c -> c.trueDiagnosis() != null);
    List<String> header = new ArrayList<>(BASE_HEADER);
    if (diag) {
      header.addAll(DIAGNOSIS_HEADER);
    } else if (truth) {
      header.add(TRUE_DIAGNOSIS);
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (Writer w = Files.newBufferedWriter(file);
          CSVPrinter out =
              CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                  .setRecordSeparator("\n").get().print(w)) {
        for (EvaluatedCase c : cases) {
          List<Object> row = new ArrayList<>();
          row.add(c.caseNum());
          row.add(c.split() == null ? "" : c.split());
          row.add(c.truth().name());
          for (double p : c.pManagement()) {
            row.add(Double.toString(p));
          }
          row.add(c.predicted().name());
          if (truth) {
            row.add(c.trueDiagnosis() == null ? "" : c.trueDiagnosis().name());
          }
          if (diag) {
            double[] pd = c.pDiagnosis();
            for (int k = 0; k < DiagnosisGroup.ALL.size(); k++) {
              row.add(pd == null ? "" : Double.toString(pd[k]));
            }
            row.add(pd == null ? "" : c.predictedDiagnosis().name());
          }
          out.printRecord(row);
        }
      }
    } catch (IOException e) {
      throw new UserInputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a file written by {@link #write}. Any problem (missing column, unparsable value) is a
   * {@link UserInputException} naming the file, the data row (1 = first row after the header) and
   * the column. The predicted_* columns are checked to be valid labels but are recomputed from
   * the probabilities, which are the source of truth.
   */
  public static List<EvaluatedCase> read(Path file) {
    try (Reader r = Files.newBufferedReader(file);
        CSVParser parser =
            CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setTrim(true).get().parse(r)) {
      List<String> header = parser.getHeaderNames();
      for (String col : BASE_HEADER) {
        if (!header.contains(col)) {
          throw new UserInputException(file + ": header lacks column '" + col + "'");
        }
      }
      boolean diag = header.contains(DIAGNOSIS_HEADER.get(1));
      if (diag) {
        for (String col : DIAGNOSIS_HEADER) {
          if (!header.contains(col)) {
            throw new UserInputException(file + ": header lacks column '" + col + "'");
          }
        }
      }
      boolean truth = header.contains(TRUE_DIAGNOSIS);
      List<EvaluatedCase> cases = new ArrayList<>();
      for (CSVRecord rec : parser) {
        cases.add(parse(rec, file, truth, diag));
      }
      return cases;
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static EvaluatedCase parse(CSVRecord rec, Path file, boolean hasTrueDiagnosis, boolean diag) {
    long row = rec.getRecordNumber();
    if (!rec.isConsistent()) {
      throw new UserInputException(
          file + ": row " + row + " has " + rec.size() + " fields, the header has "
              + rec.getParser().getHeaderNames().size());
    }
    int caseNum;
    try {
      caseNum = Integer.parseInt(rec.get("case_num"));
    } catch (NumberFormatException e) {
      throw bad(file, row, "case_num", rec.get("case_num"), "an integer");
    }
    Management truth = management(rec, file, row, "true_management");
    management(rec, file, row, "predicted_management");
    double[] pm = new double[3];
    for (Management m : Management.ALL) {
      pm[m.ordinal()] = prob(rec, file, row, "p_" + m.name());
    }
    DiagnosisGroup td = null;
    double[] pd = null;
    if (hasTrueDiagnosis) {
      String t = rec.get(TRUE_DIAGNOSIS);
      if (!t.isEmpty()) {
        td = group(t, file, row, TRUE_DIAGNOSIS);
      }
    }
    if (diag) {
      if (!rec.get("p_BCC").isEmpty()) {
        pd = new double[DiagnosisGroup.ALL.size()];
        for (DiagnosisGroup g : DiagnosisGroup.ALL) {
          pd[g.ordinal()] = prob(rec, file, row, "p_" + g.name());
        }
        group(rec.get("predicted_diagnosis"), file, row, "predicted_diagnosis");
      }
    }
    String split = rec.get("split");
    return new EvaluatedCase(caseNum, split.isEmpty() ? null : split, truth, pm, td, pd);
  }

  private static Management management(CSVRecord rec, Path file, long row, String col) {
    String v = rec.get(col);
    return Management.parse(v)
        .orElseThrow(() -> bad(file, row, col, v, "one of NONE, CLNC, EXC"));
  }

  private static DiagnosisGroup group(String v, Path file, long row, String col) {
    try {
      return DiagnosisGroup.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw bad(file, row, col, v, "one of BCC, NEV, MEL, MISC, SK");
    }
  }

  private static double prob(CSVRecord rec, Path file, long row, String col) {
    String v = rec.get(col);
    try {
      double p = Double.parseDouble(v);
      if (!(p >= 0 && p <= 1)) {
        throw bad(file, row, col, v, "a probability in [0, 1]");
      }
      return p;
    } catch (NumberFormatException e) {
      throw bad(file, row, col, v, "a probability in [0, 1]");
    }
  }

  private static UserInputException bad(Path file, long row, String col, String v, String want) {
    return new UserInputException(
        file + ": row " + row + ", column '" + col + "': '" + v + "' is not " + want);
  }
}
