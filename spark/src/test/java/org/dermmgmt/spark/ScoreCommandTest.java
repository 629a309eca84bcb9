package org.dermmgmt.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.dermmgmt.data.synthetic.SyntheticTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * score on a local Spark master against predict --cases on the same table and model (one backbone,
 * and a mixed run of two): every case once, the same probabilities and decisions, bad rows reported without failing the job, and a
 * task whose first attempt fails retried without duplicating its rows.
 */
class ScoreCommandTest {
  static final int CASES = 240;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path table;
  static Path run;

  @BeforeAll
  static void trainTinyModel() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    System.setProperty("spark.ui.enabled", "false");
    // 44x33 images: above the quality gate's SIZE (80% of the model's 32-px side), so decisions are the model's
    table = SyntheticTable.write(dir.resolve("table"), CASES, 44, 11);
    run = dir.resolve("run");
    Captured t = Captured.core("train", "--data", table.toString(), "--out", run.toString(), "--task", "multi",
        "--backbone", "tiny", "--image-size", "32", "--batch-size", "16", "--freeze-backbone", "--epochs", "2",
        "--tta", "1");
    assertThat(t.exit()).as(t.all()).isZero();
  }

  @Test
  void sameProbabilitiesAsPredictEveryCaseOnce() throws Exception {
    assertScoredAsPredicted(run, dir.resolve("score"));
  }

  @Test
  void aMixedBackboneRunScoresAsPredictDoes() throws Exception {
    // Two parts with different backbones and normalisations, averaged: the executors must load
    // each part's own preprocessing, as predict does.
    Path mixed = dir.resolve("run-mixed");
    Captured t = Captured.core("train", "--data", table.toString(), "--out", mixed.toString(), "--task", "multi",
        "--backbone", "tiny+tiny_resnet", "--image-size", "32", "--batch-size", "16", "--freeze-backbone",
        "--epochs", "2", "--tta", "1");
    assertThat(t.exit()).as(t.all()).isZero();
    assertThat(mixed.resolve("part-2/config.json")).exists();
    assertScoredAsPredicted(mixed, dir.resolve("score-mixed"));
  }

  private static void assertScoredAsPredicted(Path model, Path out) throws Exception {
    Captured s = Captured.score("--model", model.toString(), "--cases", table.toString(), "--out", out.toString(),
        "--master", "local[2]", "--partitions", "4", "--csv");
    assertThat(s.exit()).as(s.all()).isZero();
    JsonNode summary = JSON.readTree(s.out());
    assertThat(summary.get("rows").asLong()).isEqualTo(CASES);
    assertThat(summary.get("scored").asLong()).isEqualTo(CASES);
    assertThat(summary.get("partitions").asInt()).isEqualTo(4);
    // One load per model and JVM, not per partition (4 here): this JVM scores two models in all
    // (the tiny run and the mixed one), whatever the order of the tests.
    assertThat(summary.get("model_loads_in_driver_jvm").asInt()).as("one model per JVM, not per partition")
        .isBetween(1, 2);
    assertThat(summary.get("metrics").get("n").asInt()).isEqualTo(CASES);
    assertThat(out.resolve("eval/metrics.json")).exists();

    Captured p = Captured.core("predict", "--model", model.toString(), "--cases", table.toString(), "--format", "json");
    assertThat(p.exit()).as(p.all()).isZero();
    Map<String, JsonNode> predicted = new HashMap<>();
    for (JsonNode v : JSON.readTree(p.out())) {
      predicted.put(v.get("id").asText(), v);
    }
    List<CSVRecord> rows = csv(out.resolve("predictions.csv"));
    assertThat(rows).hasSize(CASES);
    assertThat(rows.stream().map(r -> r.get("case_id")).distinct()).hasSize(CASES);
    double worst = 0;
    for (CSVRecord r : rows) {
      JsonNode v = predicted.get(r.get("case_id"));
      assertThat(v).as("case " + r.get("case_id")).isNotNull();
      for (String m : List.of("NONE", "CLNC", "EXC")) {
        worst = Math.max(worst, Math.abs(Double.parseDouble(r.get("p_" + m)) - v.get("management").get(m).asDouble()));
      }
      for (String g : List.of("BCC", "NEV", "MEL", "MISC", "SK")) {
        worst = Math.max(worst,
            Math.abs(Double.parseDouble(r.get("p_" + g)) - v.get("diagnosisProbabilities").get(g).asDouble()));
      }
      assertThat(r.get("decision")).isEqualTo(v.get("decision").asText());
      assertThat(r.get("seven_point_score")).isEqualTo(v.get("sevenPointScore").asText());
    }
    assertThat(worst).isLessThan(1e-6);
    assertThat(rows.stream().filter(r -> !r.get("decision").equals("REFER")).count())
        .as("the model decides, not only the quality gate").isPositive();
  }

  @Test
  void badRowsAreReportedAndTheRestScored() throws Exception {
    Path broken = table.getParent().resolve("broken.csv");
    Files.writeString(table.getParent().resolve("images/not-an-image.jpg"), "this is text, not a JPEG");
    List<String> lines = new ArrayList<>(Files.readAllLines(table));
    List<String> header = List.of(lines.get(0).split(","));
    lines.set(3, replace(lines.get(3), header.indexOf("derm"), "images/missing.jpg"));
    lines.set(5, replace(lines.get(5), header.indexOf("location"), "moon"));
    lines.set(7, replace(lines.get(7), header.indexOf("clinic"), "images/not-an-image.jpg"));
    lines.set(9, replace(lines.get(9), header.indexOf("management"), "maybe"));
    Files.write(broken, lines);
    Path out = dir.resolve("score-broken");
    Captured s = Captured.score("--model", run.toString(), "--cases", broken.toString(), "--out", out.toString(),
        "--master", "local[2]", "--partitions", "3");
    assertThat(s.exit()).as(s.all()).isZero();
    JsonNode summary = JSON.readTree(s.out());
    assertThat(summary.get("rows").asLong()).isEqualTo(CASES);
    assertThat(summary.get("refused").asLong()).isEqualTo(4);
    assertThat(summary.get("scored").asLong()).isEqualTo(CASES - 4);
    List<String> reasons = new ArrayList<>();
    summary.get("refused_first").forEach(r -> reasons.add(r.get("row").asLong() + " " + r.get("reason").asText()));
    assertThat(reasons).hasSize(4);
    assertThat(reasons.get(0)).startsWith("3 ").contains("field derm").contains("missing.jpg").contains("no such file");
    assertThat(reasons.get(1)).startsWith("5 ").contains("moon");
    assertThat(reasons.get(2)).startsWith("7 ").contains("not-an-image.jpg");
    assertThat(reasons.get(3)).startsWith("9 ").contains("field management").contains("maybe");
    assertThat(summary.get("metrics").get("n").asInt()).isEqualTo(CASES - 4);
  }

  @Test
  void aDarkPhotoIsReferredByTheQualityGateUnlessItIsOff() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(table).subList(0, 7));
    int clinic = List.of(lines.get(0).split(",")).indexOf("clinic");
    Path source = table.getParent().resolve(lines.get(2).split(",")[clinic]);
    Path dark = table.getParent().resolve("images/dark.png");
    javax.imageio.ImageIO.write(darkened(javax.imageio.ImageIO.read(source.toFile())), "png", dark.toFile());
    lines.set(2, replace(lines.get(2), clinic, "images/dark.png"));
    Path small = table.getParent().resolve("dark.csv");
    Files.write(small, lines);

    Map<String, CSVRecord> gated = scoredCsv(small, "score-gated");
    Map<String, CSVRecord> open = scoredCsv(small, "score-ungated", "--no-quality-gate");
    String darkCase = lines.get(2).split(",")[0];
    assertThat(gated.get(darkCase).get("decision")).isEqualTo("REFER");
    assertThat(gated.get(darkCase).get("reason")).startsWith("QUALITY_GATE: clinic DARK");
    assertThat(open.get(darkCase).get("decision")).isNotEqualTo("REFER");
    assertThat(open.get(darkCase).get("reason")).isEmpty();
    for (String id : gated.keySet()) { // the gate refers; it never changes a probability
      assertThat(open.get(id).get("p_EXC")).isEqualTo(gated.get(id).get("p_EXC"));
      if (!id.equals(darkCase)) {
        assertThat(gated.get(id).get("decision")).isNotEqualTo("REFER");
        assertThat(open.get(id).get("decision")).isEqualTo(gated.get(id).get("decision"));
      }
    }
  }

  private static Map<String, CSVRecord> scoredCsv(Path cases, String name, String... more) throws Exception {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("--model", run.toString(), "--cases", cases.toString(), "--out",
        out.toString(), "--master", "local[1]", "--csv"));
    args.addAll(List.of(more));
    Captured s = Captured.score(args.toArray(String[]::new));
    assertThat(s.exit()).as(s.all()).isZero();
    assertThat(Captured.json(s.out()).get("scored").asLong()).isEqualTo(6);
    Map<String, CSVRecord> byCase = new HashMap<>();
    csv(out.resolve("predictions.csv")).forEach(r -> byCase.put(r.get("case_id"), r));
    return byCase;
  }

  private static java.awt.image.BufferedImage darkened(java.awt.image.BufferedImage im) {
    java.awt.image.BufferedImage out =
        new java.awt.image.BufferedImage(im.getWidth(), im.getHeight(), java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < im.getHeight(); y++) {
      for (int x = 0; x < im.getWidth(); x++) {
        int rgb = im.getRGB(x, y);
        out.setRGB(x, y, ((rgb >> 16 & 255) / 10) << 16 | ((rgb >> 8 & 255) / 10) << 8 | (rgb & 255) / 10);
      }
    }
    return out;
  }

  @Test
  void aFailedTaskIsRetriedWithoutDuplicates() {
    Path out = dir.resolve("score-retried");
    Captured s = Captured.score("--model", run.toString(), "--cases", table.toString(), "--out", out.toString(),
        "--master", "local[2,2]", "--partitions", "4", "--fail-first-attempt", "1");
    assertThat(s.exit()).as(s.all()).isZero();
    assertThat(Captured.json(s.out()).get("failed_task_attempts").asInt()).as("the injected failure happened").isOne();
    SparkSession spark = SparkSession.builder().master("local[1]").appName("check").getOrCreate();
    try {
      var parquet = spark.read().parquet(out.resolve(ScoreJob.PARQUET).toString());
      assertThat(parquet.count()).isEqualTo(CASES);
      assertThat(parquet.select("row").distinct().count()).isEqualTo(CASES);
      Row scored = parquet.groupBy("status").count().collectAsList().get(0);
      assertThat(scored.getString(0)).isEqualTo("scored");
    } finally {
      spark.stop();
    }
  }

  @Test
  void aTableWithoutTheColumnsPredictNeedsIsRefusedInOneLine() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "case_id,clinic,derm,sex\n1,a.jpg,b.jpg,male\n");
    Captured s = Captured.score("--model", run.toString(), "--cases", bad.toString(), "--out",
        dir.resolve("score-bad").toString(), "--master", "local[1]");
    assertThat(s.exit()).as(s.all()).isEqualTo(org.dermmgmt.cli.CliErrors.EXIT_BAD_INPUT);
    assertThat(s.err()).contains("missing columns [location, elevation]").doesNotContain("Exception");
    Captured none = Captured.score("--model", run.toString(), "--cases", dir.resolve("nope.csv").toString(),
        "--out", dir.resolve("score-none").toString(), "--master", "local[1]");
    assertThat(none.exit()).as(none.all()).isEqualTo(org.dermmgmt.cli.CliErrors.EXIT_BAD_INPUT);
    assertThat(none.err()).contains("nope.csv").doesNotContain("\tat ");
  }

  private static String replace(String line, int column, String value) {
    String[] f = line.split(",", -1);
    f[column] = value;
    return String.join(",", f);
  }

  private static List<CSVRecord> csv(Path file) throws Exception {
    try (Reader r = Files.newBufferedReader(file)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
    }
  }
}
