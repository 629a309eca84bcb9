package org.dermmgmt.spark;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.dermmgmt.eval.EvaluatedCase;
import org.dermmgmt.eval.EvaluationWriter;
import org.dermmgmt.eval.Evaluator;
import org.dermmgmt.eval.MetricsReport;
import org.dermmgmt.eval.PredictionsCsv;
import org.dermmgmt.model.Task;

/** What the driver makes of the scored rows: counts, the CSV, evaluate's metrics, summary.json. */
final class ScoreOutputs {
  static final String CSV = "predictions.csv";
  static final String EVAL = "eval";
  static final List<String> EXTRA_COLUMNS = List.of("case_id", "decision", "seven_point_score", "status", "reason");
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private final Dataset<Row> results;
  private final Path out;

  ScoreOutputs(Dataset<Row> results, Path out) {
    this.results = results;
    this.out = out;
  }

  /** Rows of that status; all rows for null. */
  long count(String status) {
    return status == null ? results.count() : results.filter(col("status").equalTo(status)).count();
  }

  /** Scored rows per value of {@code column}, in name order. */
  Map<String, Long> countsOf(String column) {
    Map<String, Long> m = new TreeMap<>();
    for (Row r : results.filter(col("status").equalTo(ScoredRows.SCORED)).groupBy(column).count().collectAsList()) {
      m.put(r.getString(0), r.getLong(1));
    }
    return m;
  }

  List<Map<String, Object>> refusedFirst(int n) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : results.filter(col("status").equalTo(ScoredRows.REFUSED)).orderBy("row").limit(n)
        .select("row", "case_id", "reason").collectAsList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("row", r.getLong(0) + 1);
      m.put("case_id", r.getString(1));
      m.put("reason", r.getString(2));
      out.add(m);
    }
    return out;
  }

  /** predictions.csv in row order: evaluate's columns, then {@link #EXTRA_COLUMNS}. */
  void writeCsv() {
    List<String> header = new ArrayList<>(PredictionsCsv.BASE_HEADER);
    header.addAll(PredictionsCsv.DIAGNOSIS_HEADER);
    header.addAll(EXTRA_COLUMNS);
    Path file = out.resolve(CSV);
    try {
      Files.createDirectories(out);
      try (Writer w = Files.newBufferedWriter(file);
          CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
              .setRecordSeparator("\n").get().print(w)) {
        Iterator<Row> it = results.orderBy("row").toLocalIterator();
        while (it.hasNext()) {
          p.printRecord(csvRow(it.next()));
        }
      }
    } catch (IOException e) {
      throw new UserInputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Object> csvRow(Row r) {
    List<Object> v = new ArrayList<>();
    v.add(r.getLong(r.fieldIndex("row")) + 1);
    v.add("");
    v.add(text(r, "true_management"));
    for (Management m : Management.ALL) {
      v.add(text(r, "p_" + m.name()));
    }
    v.add(text(r, "predicted_management"));
    v.add(text(r, "true_diagnosis"));
    for (DiagnosisGroup g : DiagnosisGroup.ALL) {
      v.add(text(r, "p_" + g.name()));
    }
    v.add(text(r, "predicted_diagnosis"));
    for (String c : EXTRA_COLUMNS) {
      v.add(text(r, c));
    }
    return v;
  }

  private static String text(Row r, String column) {
    Object o = r.get(r.fieldIndex(column));
    return o == null ? "" : o.toString(); // Double.toString: full precision, as evaluate writes
  }

  /** evaluate's outputs (metrics.json, predictions.csv, plots) for the labelled scored rows in eval/. */
  Map<String, Object> evaluate(Task task, Map<String, Object> provenance) {
    List<EvaluatedCase> cases = new ArrayList<>();
    Iterator<Row> it = results.filter(col("status").equalTo(ScoredRows.SCORED).and(col("true_management").isNotNull()))
        .orderBy("row").toLocalIterator();
    while (it.hasNext()) {
      cases.add(evaluated(it.next()));
    }
    if (cases.isEmpty()) {
      return Map.of("n", 0);
    }
    MetricsReport report = Evaluator.evaluate(cases, "score", task.cliName(), 1, provenance);
    Path dir = out.resolve(EVAL);
    EvaluationWriter.write(cases, report, dir);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", report.n());
    m.put("accuracy", report.accuracy());
    m.put("macro_auroc", report.macro().auroc());
    m.put("ci95_accuracy", report.ci95Accuracy());
    m.put("ci95_macro_auroc", report.ci95MacroAuroc());
    m.put("dir", dir.toString());
    return m;
  }

  private static EvaluatedCase evaluated(Row r) {
    double[] pm = new double[Management.ALL.size()];
    for (Management m : Management.ALL) {
      pm[m.ordinal()] = r.getDouble(r.fieldIndex("p_" + m.name()));
    }
    double[] pd = null;
    if (!r.isNullAt(r.fieldIndex("p_" + DiagnosisGroup.ALL.get(0).name()))) {
      pd = new double[DiagnosisGroup.ALL.size()];
      for (DiagnosisGroup g : DiagnosisGroup.ALL) {
        pd[g.ordinal()] = r.getDouble(r.fieldIndex("p_" + g.name()));
      }
    }
    String trueDiag = r.getString(r.fieldIndex("true_diagnosis"));
    return new EvaluatedCase(caseNum(r), "score", Management.valueOf(r.getString(r.fieldIndex("true_management"))),
        pm, trueDiag == null ? null : DiagnosisGroup.valueOf(trueDiag), pd);
  }

  /** The case_id when it is a positive integer (as a case table numbers cases), else row + 1. */
  private static int caseNum(Row r) {
    try {
      int n = Integer.parseInt(r.getString(r.fieldIndex("case_id")));
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // not a number: the row numbers the case
    }
    return (int) (r.getLong(r.fieldIndex("row")) + 1);
  }

  void writeSummary(ScoreSummary s) {
    Path file = out.resolve(ScoreJob.SUMMARY);
    try {
      Files.createDirectories(out);
      JSON.writeValue(file.toFile(), s);
    } catch (IOException e) {
      throw new UserInputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
