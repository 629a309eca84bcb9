package org.dermmgmt.spark;

import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.dermmgmt.UserInputException;
import org.dermmgmt.cli.CliErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dermmgmt score}: predict every case of a table on Spark; the summary JSON on stdout. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score every row of a case table on Apache Spark (local by default, a cluster under spark-submit),",
      "through the run's own inference, calibration and policy: the same probabilities as predict --cases.",
      "Writes OUT/predictions.parquet, OUT/summary.json, with --csv OUT/predictions.csv, with labels OUT/eval/."
    })
public final class ScoreCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "RUN_DIR",
      description = "A trained run directory (the same path on every executor).")
  String model;

  @Option(names = "--cases", required = true, paramLabel = "CSV",
      description = "Case table: case_id,clinic,derm,sex,location,elevation[,management][,diagnosis]; a path or URI "
          + "(hdfs://, s3a://); image paths relative to it.")
  String cases;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (on the driver).")
  String out;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master (default: spark-submit's, else local[*]); local[N,F] retries a failed task F-1 times.")
  String master;

  @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
      description = "Partitions to score in (default: as read, one per file block).")
  int partitions;

  @Option(names = "--csv", description = "Also write OUT/predictions.csv in row order.")
  boolean csv;

  @picocli.CommandLine.Mixin org.dermmgmt.cli.QualityGateOption gate = new org.dermmgmt.cli.QualityGateOption();

  @picocli.CommandLine.Mixin org.dermmgmt.cli.PrecisionOption precision = new org.dermmgmt.cli.PrecisionOption();

  @Option(names = "--fail-first-attempt", hidden = true, defaultValue = "-1",
      description = "Fault injection for tests: the first attempt of this partition fails.")
  int failFirstAttempt;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command and returns its exit code; tests call this. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new ScoreCommand());
    cli.setExecutionExceptionHandler(new CliErrors()); // one line for bad input, a trace for a bug, as the CLI
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    String precisionChoice = precision.choice() == null ? "auto" : precision.choice();
    precision.apply(); // refuses a bad value here, before Spark starts
    if (partitions < 0) {
      throw new UserInputException("--partitions: expected 0 (as read) or more, got " + partitions);
    }
    SparkConf conf = new SparkConf().setAppName("dermmgmt score");
    if (master != null) {
      conf.setMaster(master);
    } else if (!conf.contains("spark.master")) {
      conf.setMaster("local[*]");
    }
    if (conf.get("spark.master").startsWith("local") && !conf.contains("spark.ui.enabled")) {
      conf.set("spark.ui.enabled", "false"); // a local job is over before anyone opens its web UI
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      ScoreSummary s = ScoreJob.run(spark, new ScoreOptions(model, cases, out, partitions, csv, gate.on(),
          precisionChoice, failFirstAttempt));
      System.out.println(ScoreOutputs.JSON.writeValueAsString(s));
      System.err.printf("scored %d of %d rows (%d refused) in %.1f s, %.1f cases/s; %s%n", s.scored(), s.rows(),
          s.refused(), s.wallSeconds(), s.casesPerSecond(), out);
      return 0;
    } finally {
      spark.stop();
    }
  }
}
