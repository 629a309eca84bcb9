package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.assertj.core.data.Offset;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;
import org.dermmgmt.model.script.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --precision}: a bad value is one line naming the option; fp32 and bf16 are recorded where
 * they made the numbers, and within one precision predict and evaluate agree as they must.
 */
class PrecisionChoiceTest {
  private static final List<String> MANAGEMENT = List.of("NONE", "CLNC", "EXC");

  @Test
  void aBadValueIsOneLineNamingTheOption() {
    for (List<String> args : List.of(List.of("predict", "--model", "nowhere"),
        List.of("evaluate", "--model", "nowhere", "--data", "nowhere"), List.of("serve", "--model", "nowhere"),
        List.of("train", "--data", "nowhere"), List.of("bench", "speed"))) {
      List<String> all = new java.util.ArrayList<>(args);
      all.addAll(List.of("--precision", "fp16"));
      CliRun r = CliRun.of(all.toArray(String[]::new));
      assertThat(r.exit()).as(r.all()).isEqualTo(2);
      assertThat(r.err().strip()).isEqualTo("error: --precision: expected auto, fp32 or bf16, got 'fp16'");
    }
  }

  @Test
  void eachPrecisionIsRecordedAndPredictAgreesWithEvaluateWithinIt(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Precision.usableBf16(), "this CPU has no native bf16: only fp32 runs here");
    Path run = TinyRun.run();
    Derm7ptRelease release = Derm7ptRelease.open(TinyRun.data());
    Map<String, Map<Integer, CSVRecord>> evaluated = new HashMap<>();
    for (String precision : List.of("fp32", "bf16")) {
      Path out = dir.resolve(precision);
      CliRun e = CliRun.of("evaluate", "--model", run.toString(), "--data", TinyRun.data().toString(), "--split", "test",
          "--out", out.toString(), "--precision", precision);
      assertThat(e.exit()).as(e.all()).isZero();
      JsonNode metrics = Http.JSON.readTree(out.resolve("metrics.json").toFile());
      assertThat(metrics.at("/provenance/inference_precision").asText()).isEqualTo(precision);
      evaluated.put(precision, rows(out.resolve("predictions.csv")));
    }
    double largest = 0;
    for (CSVRecord fp32 : evaluated.get("fp32").values()) {
      CSVRecord bf16 = evaluated.get("bf16").get(Integer.parseInt(fp32.get("case_num")));
      for (String m : MANAGEMENT) {
        largest = Math.max(largest, Math.abs(p(fp32, m) - p(bf16, m)));
      }
    }
    assertThat(largest).as("bf16 is other arithmetic, to bf16's rounding").isGreaterThan(1e-6).isLessThan(0.05);

    LesionCase c = release.split(Split.TEST).get(0);
    CliRun predicted = CliRun.of("predict", "--model", run.toString(), "--clinic", release.image(c.clinic()).toString(),
        "--derm", release.image(c.derm()).toString(), "--sex", c.sex(), "--location", c.location(),
        "--elevation", c.elevation(), "--json", "--precision", "bf16");
    assertThat(predicted.exit()).as(predicted.all()).isZero();
    JsonNode json = Http.JSON.readTree(predicted.out());
    assertThat(json.at("/model/precision").asText()).isEqualTo("bf16");
    for (String m : MANAGEMENT) {
      // One case alone (predict) and among all test cases (evaluate): the same bf16 numbers.
      assertThat(json.at("/management/" + m).asDouble())
          .isCloseTo(p(evaluated.get("bf16").get(c.caseNum()), m), Offset.offset(1e-6));
    }
  }

  private static double p(CSVRecord r, String label) {
    return Double.parseDouble(r.get("p_" + label));
  }

  private static Map<Integer, CSVRecord> rows(Path csv) throws Exception {
    Map<Integer, CSVRecord> rows = new HashMap<>();
    try (var reader = Files.newBufferedReader(csv)) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
        rows.put(Integer.parseInt(r.get("case_num")), r);
      }
    }
    return rows;
  }
}
