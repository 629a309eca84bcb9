package org.dermmgmt.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.dermmgmt.UserInputException;
import org.dermmgmt.infer.CaseInput;
import org.dermmgmt.infer.Prediction;
import org.dermmgmt.infer.DecisionLayer;
import scala.Tuple2;

/**
 * Scores one partition: rows are read and checked, then predicted in chunks through the
 * executor's one model ({@link ExecutorModels}), exactly as {@code predict --cases} predicts them.
 * A chunk whose prediction fails on one case's image is retried case by case, so one undecodable
 * image refuses that row only. Forward passes of the tasks sharing an executor take turns: libtorch
 * already spreads one pass over the executor's cores, and two at once would only oversubscribe them.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<Tuple2<Row, Long>>, Row> {
  /**
   * Cases per call into the inferer: each call runs its views one after the other and refills its
   * decode-ahead for each, so fewer, larger calls keep the cores busier (256 measured about 3% slower
   * than one call for 616 cases). A chunk holds paths for local files, the encoded bytes for
   * remote ones (about 0.3 GB for 1024 Derm7pt-sized pairs).
   */
  static final int CHUNK = 1024;

  private final String runDir;
  private final boolean qualityGate;
  private final String precision;
  private final String table;
  private final TableColumns columns;
  private final Broadcast<HadoopConf> conf;
  private final int failFirstAttemptOf;

  /** @param failFirstAttemptOf a partition whose first attempt fails after its first chunk (tests); -1 none */
  PartitionScorer(String runDir, boolean qualityGate, String precision, String table, TableColumns columns, Broadcast<HadoopConf> conf,
      int failFirstAttemptOf) {
    this.runDir = runDir;
    this.qualityGate = qualityGate;
    this.precision = precision;
    this.table = table;
    this.columns = columns;
    this.conf = conf;
    this.failFirstAttemptOf = failFirstAttemptOf;
  }

  @Override
  public Iterator<Row> call(Iterator<Tuple2<Row, Long>> rows) {
    ExecutorModels.Loaded m = ExecutorModels.get(runDir, qualityGate, precision);
    TableRowReader reader = new TableRowReader(columns, m.model().card().model().inputs(),
        m.model().card().model().metadata(), new ArchiveImages(table, conf.value().toConfiguration()));
    List<Row> out = new ArrayList<>();
    List<TableRowReader.Read> chunk = new ArrayList<>(CHUNK);
    while (rows.hasNext()) {
      Tuple2<Row, Long> t = rows.next();
      chunk.add(reader.read(t._2(), t._1()));
      if (chunk.size() == CHUNK || !rows.hasNext()) {
        score(m, chunk, out);
        chunk.clear();
        failIfAsked();
      }
    }
    return out.iterator();
  }

  private void score(ExecutorModels.Loaded m, List<TableRowReader.Read> chunk, List<Row> out) {
    List<TableRowReader.Read> ok = chunk.stream().filter(r -> r.problem() == null).toList();
    List<Prediction> p;
    try {
      p = predict(m, ok.stream().map(TableRowReader.Read::input).toList());
    } catch (UserInputException e) {
      p = null; // some image would not decode: find which, one case at a time
    }
    int k = 0;
    for (TableRowReader.Read r : chunk) {
      if (r.problem() != null) {
        out.add(ScoredRows.refused(r));
        continue;
      }
      Prediction one;
      if (p != null) {
        one = p.get(k++);
      } else {
        try {
          one = predict(m, List.of(r.input())).get(0);
        } catch (UserInputException e) {
          out.add(ScoredRows.refused(TableRowReader.refused(r.row(), r.caseId(), e.getMessage())));
          continue;
        }
      }
      DecisionLayer d = m.decisions();
      out.add(ScoredRows.scored(r, d.view(r.caseId(), m.model(), one, d.quality(r.input()))));
    }
  }

  private static List<Prediction> predict(ExecutorModels.Loaded m, List<CaseInput> cases) {
    if (cases.isEmpty()) {
      return List.of();
    }
    synchronized (m) {
      return m.inferer().predict(cases, null);
    }
  }

  private void failIfAsked() {
    TaskContext ctx = TaskContext.get();
    if (ctx != null && ctx.partitionId() == failFirstAttemptOf && ctx.attemptNumber() == 0) {
      throw new IllegalStateException("failing the first attempt of partition " + failFirstAttemptOf
          + " on purpose (--fail-first-attempt)");
    }
  }
}
