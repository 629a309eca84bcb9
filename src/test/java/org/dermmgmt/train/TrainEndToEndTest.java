package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three tasks train end to end through the CLI, in both modes, and their runs predict. */
class TrainEndToEndTest {
  @TempDir static Path dir;
  static Path data;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void setUp() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    data = Synthetic.dataset(dir);
  }

  @ParameterizedTest(name = "{0}, frozen={1}")
  @CsvSource({"diag,false", "mgmt,false", "multi,false", "diag,true", "mgmt,true", "multi,true"})
  void trainsEvaluatesAndPredicts(String task, boolean frozen) throws Exception {
    Path run = dir.resolve("run-" + task + "-" + frozen);
    CliRun t = CliRun.of(Synthetic.train(data, run, task, "--epochs", "2",
        frozen ? "--freeze-backbone" : "--no-freeze-backbone", "--views", "1", "--json"));
    assertThat(t.exit()).as(t.all()).isZero();

    JsonNode result = JSON.readTree(t.out());
    assertThat(result.get("epochsRun").asInt()).isEqualTo(2);
    assertThat(result.get("bestEpoch").asInt()).isBetween(1, 2);
    assertThat(Files.readAllLines(run.resolve("history.csv"))).hasSize(3);
    for (String f : List.of("config.json", "model.params", "checkpoint.params", "state.json", "priors.json")) {
      assertThat(run.resolve(f)).exists();
    }
    JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
    assertThat(config.at("/options/task").asText()).isEqualToIgnoringCase(task);
    assertThat(config.at("/options/freezeBackbone").asBoolean()).isEqualTo(frozen);
    assertThat(config.at("/provenance/dataset_sha256").size()).isEqualTo(4);
    assertThat(config.at("/provenance/seed").asLong()).isEqualTo(42);
    assertThat(config.at("/trainCases").size()).isEqualTo(24);

    CliRun e = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(),
        "--split", "test", "--out", run.resolve("eval").toString());
    assertThat(e.exit()).as(e.all()).isZero();
    JsonNode metrics = JSON.readTree(run.resolve("eval/metrics.json").toFile());
    assertThat(metrics.get("task").asText()).isEqualTo(task);
    assertThat(metrics.get("n").asInt()).isEqualTo(18);
    List<String> predictions = Files.readAllLines(run.resolve("eval/predictions.csv"));
    assertThat(predictions).hasSize(19);
    assertThat(predictions.get(0)).startsWith("case_num,split,true_management,p_NONE,p_CLNC,p_EXC,predicted_management");
    if (!task.equals("mgmt")) {
      assertThat(predictions.get(0)).contains("p_MEL");
    }

    Path clinic = firstImage(data);
    CliRun p = CliRun.of("predict", "--model", run.toString(), "--clinic", clinic.toString(),
        "--derm", clinic.toString(), "--sex", "female", "--location", "back", "--elevation", "flat", "--json");
    assertThat(p.exit()).as(p.all()).isZero();
    JsonNode view = JSON.readTree(p.out());
    double sum = 0;
    for (JsonNode v : view.get("management")) {
      sum += v.asDouble();
    }
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(view.get("recommendation").asText()).isIn("NONE", "CLNC", "EXC");
    assertThat(view.get("diagnosis").isNull()).isEqualTo(task.equals("mgmt"));
    assertThat(view.get("sevenPointScore").isNull()).isEqualTo(!task.equals("multi"));
    if (task.equals("multi")) {
      assertThat(view.get("sevenPointScore").asInt()).isBetween(0, 10);
      assertThat(view.get("criteria").size()).isEqualTo(7);
    }

    CliRun text = CliRun.of("predict", "--model", run.toString(), "--clinic", clinic.toString(),
        "--derm", clinic.toString(), "--sex", "male", "--location", "acral", "--elevation", "nodular");
    assertThat(text.exit()).as(text.all()).isZero();
    // The recommendation is the most probable of the printed management probabilities.
    java.util.regex.Matcher rec = java.util.regex.Pattern.compile("recommended management: (\\w+)").matcher(text.out());
    assertThat(rec.find()).as(text.out()).isTrue();
    String best = null;
    double top = -1;
    for (String name : List.of("NONE", "CLNC", "EXC")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\n  " + name + "\\s+([0-9.]+)").matcher(text.out());
      assertThat(m.find()).as(text.out()).isTrue();
      double v = Double.parseDouble(m.group(1));
      if (v > top) {
        top = v;
        best = name;
      }
    }
    assertThat(rec.group(1)).isEqualTo(best);
  }

  @Test
  void sameSeedGivesTheSameModel() throws Exception {
    Path a = dir.resolve("seed-a");
    Path b = dir.resolve("seed-b");
    for (Path run : List.of(a, b)) {
      CliRun t = CliRun.of(Synthetic.train(data, run, "mgmt", "--epochs", "2"));
      assertThat(t.exit()).as(t.all()).isZero();
    }
    assertThat(Files.readAllLines(a.resolve("history.csv")).stream().map(TrainEndToEndTest::withoutTime))
        .containsExactlyElementsOf(Files.readAllLines(b.resolve("history.csv")).stream().map(TrainEndToEndTest::withoutTime).toList());
    assertThat(Files.readAllBytes(a.resolve("model.params"))).isEqualTo(Files.readAllBytes(b.resolve("model.params")));
  }

  @Test
  void predictNamesAMissingModality() {
    Path run = dir.resolve("run-dm");
    CliRun t = CliRun.of(Synthetic.train(data, run, "mgmt", "--epochs", "1", "--inputs", "DM"));
    assertThat(t.exit()).as(t.all()).isZero();
    Path img = firstImage(data);
    // A DM model needs no clinical image...
    CliRun ok = CliRun.of("predict", "--model", run.toString(), "--derm", img.toString(),
        "--sex", "female", "--location", "back", "--elevation", "flat");
    assertThat(ok.exit()).as(ok.all()).isZero();
    // ...but the dermoscopic one and the metadata it was trained with.
    CliRun noDerm = CliRun.of("predict", "--model", run.toString(), "--clinic", img.toString(),
        "--sex", "female", "--location", "back", "--elevation", "flat");
    assertThat(noDerm.exit()).isEqualTo(2);
    assertThat(noDerm.err()).contains("--derm").doesNotContain("Exception");
    CliRun badMeta = CliRun.of("predict", "--model", run.toString(), "--derm", img.toString(),
        "--sex", "female", "--location", "moon", "--elevation", "flat");
    assertThat(badMeta.exit()).isEqualTo(2);
    assertThat(badMeta.err()).contains("moon").doesNotContain("Exception");
  }

  @Test
  void batchPredictionFromCsv() throws Exception {
    Path run = dir.resolve("run-batch");
    assertThat(CliRun.of(Synthetic.train(data, run, "multi", "--epochs", "1")).exit()).isZero();
    Path img = firstImage(data);
    Path csv = dir.resolve("cases.csv");
    Files.writeString(csv, "case_id,clinic,derm,sex,location,elevation\n"
        + "a," + img + "," + img + ",female,back,flat\n"
        + "b," + img + "," + img + ",male,head neck,nodular\n");
    CliRun p = CliRun.of("predict", "--model", run.toString(), "--cases", csv.toString(), "--json");
    assertThat(p.exit()).as(p.all()).isZero();
    JsonNode rows = JSON.readTree(p.out());
    assertThat(rows.size()).isEqualTo(2);
    assertThat(rows.get(1).get("id").asText()).isEqualTo("b");

    Files.writeString(csv, "case_id,clinic,derm,sex,location,elevation\nx," + img + "," + img + ",female,back,hovering\n");
    CliRun bad = CliRun.of("predict", "--model", run.toString(), "--cases", csv.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("row 1 (line 2)").contains("hovering");
  }

  private static String withoutTime(String csvLine) {
    String[] f = csvLine.split(",");
    if (f.length > 5 && !f[0].equals("epoch")) {
      f[5] = "";
    }
    return String.join(",", f);
  }

  static Path firstImage(Path data) {
    try (var files = Files.walk(data.resolve("images"))) {
      return files.filter(f -> f.toString().toLowerCase().endsWith(".jpg")).sorted().findFirst().orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
