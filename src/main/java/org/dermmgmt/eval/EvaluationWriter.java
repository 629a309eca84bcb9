package org.dermmgmt.eval;

import java.nio.file.Path;
import java.util.List;

/** Writes the standard evaluation outputs into one directory. */
public final class EvaluationWriter {
  private EvaluationWriter() {}

  /** metrics.json, predictions.csv, roc.png, confusion.png, reliability.png. */
  public static void write(List<EvaluatedCase> cases, MetricsReport report, Path outDir) {
    report.write(outDir.resolve("metrics.json"));
    PredictionsCsv.write(cases, outDir.resolve("predictions.csv"));
    Plots.writeAll(cases, outDir);
  }
}
