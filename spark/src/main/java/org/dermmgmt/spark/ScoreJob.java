package org.dermmgmt.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.infer.ModelCard;
import org.dermmgmt.infer.RunDir;
import scala.Tuple2;

/**
 * {@code dermmgmt score} on a Spark session: the case table is read by Spark, its rows numbered
 * and scored partition by partition on the executors ({@link PartitionScorer}), the result
 * written as Parquet by Spark's committer (a retried task's output replaces its failed attempt's,
 * so every row appears once), then summarised, and with labels evaluated as evaluate would.
 */
final class ScoreJob {
  static final String PARQUET = "predictions.parquet";
  static final String SUMMARY = "summary.json";

  private ScoreJob() {}

  static ScoreSummary run(SparkSession spark, ScoreOptions o) {
    long started = System.nanoTime();
    Path out = Path.of(o.out());
    String runDir = Path.of(o.model()).toAbsolutePath().normalize().toString();
    if (!Files.isRegularFile(Path.of(runDir, "config.json"))) {
      throw new UserInputException("--model " + o.model() + ": not a trained run (no config.json)");
    }
    // The driver reads the model's card only (config.json): the networks are loaded by the executors,
    // on the threads that run them, and a cluster's driver never holds a copy.
    ModelCard card = ModelCard.read(new RunDir(Path.of(runDir)));
    Path calibration = Path.of(runDir, TemperatureCalibration.FILE);
    TemperatureCalibration cal =
        Files.isRegularFile(calibration) ? TemperatureCalibration.read(calibration) : TemperatureCalibration.none();
    Dataset<Row> table = readTable(spark, o.cases());
    TableColumns columns = TableColumns.of(o.cases(), Arrays.asList(table.columns()));
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    TaskFailures failures = new TaskFailures();
    sc.sc().addSparkListener(failures);
    Broadcast<HadoopConf> conf = sc.broadcast(HadoopConf.of(sc.hadoopConfiguration()));

    JavaRDD<Tuple2<Row, Long>> rows = table.javaRDD().zipWithIndex().map(t -> t);
    if (o.partitions() > 0) {
      rows = rows.repartition(o.partitions());
    }
    int partitions = rows.getNumPartitions();
    JavaRDD<Row> scored = rows.mapPartitions(
        new PartitionScorer(runDir, o.qualityGate(), o.precision(), qualified(spark, o.cases()), columns, conf,
            o.failFirstAttemptOf()));
    Dataset<Row> results = spark.createDataFrame(scored, ScoredRows.SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      String parquet = out.resolve(PARQUET).toAbsolutePath().toString();
      long t = System.nanoTime();
      results.write().mode(SaveMode.Overwrite).parquet(parquet); // the scoring itself happens here
      Map<String, Double> phases = new LinkedHashMap<>();
      phases.put("read_and_check_model", (t - started) / 1e9);
      t = lap(phases, "score_and_write_parquet", t);
      ScoreOutputs outputs = new ScoreOutputs(results, out);
      long n = outputs.count(null);
      if (o.csv()) {
        outputs.writeCsv();
        t = lap(phases, "write_csv", t);
      }
      Map<String, Object> metrics = columns.hasLabels() ? outputs.evaluate(card.model().task(), provenance(card, cal, o)) : null;
      if (metrics != null) {
        t = lap(phases, "evaluate_labelled_rows", t);
      }
      double wall = (System.nanoTime() - started) / 1e9;
      ScoreSummary summary = new ScoreSummary(runDir, card.configSha256(), o.cases(), n,
          outputs.count(ScoredRows.SCORED), outputs.count(ScoredRows.REFUSED), outputs.refusedFirst(20),
          outputs.countsOf("decision"), outputs.countsOf("predicted_management"), metrics, partitions,
          spark.sparkContext().master(), failures.failed(), ExecutorModels.loads(), wall, n / wall,
          n / phases.get("score_and_write_parquet"), phases, provenance(card, cal, o));
      outputs.writeSummary(summary);
      return summary;
    } finally {
      results.unpersist();
      sc.sc().removeSparkListener(failures);
    }
  }

  /** Records the seconds since {@code since} under {@code phase}; returns now. */
  private static long lap(Map<String, Double> phases, String phase, long since) {
    long now = System.nanoTime();
    phases.put(phase, (now - since) / 1e9);
    return now;
  }

  private static Dataset<Row> readTable(SparkSession spark, String cases) {
    try {
      // Every column as text: score checks values itself and reports a bad row instead of failing.
      return spark.read().option("header", "true").option("mode", "PERMISSIVE").option("encoding", "UTF-8")
          .csv(cases);
    } catch (Exception e) {
      if (e instanceof AnalysisException || e.getMessage() != null && e.getMessage().contains("does not exist")) {
        throw new UserInputException("--cases " + cases + ": cannot read the case table ("
            + firstLine(e.getMessage()) + ")");
      }
      throw e;
    }
  }

  /** The table's URI as Spark resolved it, so executors resolve relative image paths the same way. */
  private static String qualified(SparkSession spark, String cases) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(cases);
    try {
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (java.io.IOException e) {
      throw new UserInputException("--cases " + cases + ": " + e.getMessage());
    }
  }

  private static Map<String, Object> provenance(ModelCard card, TemperatureCalibration cal, ScoreOptions o) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("model_provenance", card.provenance());
    p.put("inference", card.inference());
    p.put("calibration", cal.isNone() ? "none" : cal.temperatures());
    p.put("quality_gate", o.qualityGate());
    p.put("inference_precision", org.dermmgmt.model.script.Precision.resolve(o.precision(), "--precision").label());
    p.put("cases", o.cases());
    p.put("dermmgmt_version", Provenance.projectVersion());
    p.put("git_commit", Provenance.gitCommit());
    p.put("spark_version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    return p;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
