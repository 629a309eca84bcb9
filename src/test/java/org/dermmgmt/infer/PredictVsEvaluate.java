package org.dermmgmt.infer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.Derm7ptRelease;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.Split;

/**
 * One comparison the one-inference-path tests make for several models: {@code evaluate} on a
 * release's test split against {@code predict --cases} on copies of the same images under other
 * paths (as a user would pass them), management probabilities case by case.
 *
 * @param evaluated case id → (NONE, CLNC, EXC) as evaluate wrote them
 * @param answers predict's JSON answers, one per case
 */
public record PredictVsEvaluate(Map<String, double[]> evaluated, List<String> evaluatedRows, JsonNode answers) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs both commands; {@code work} receives the evaluation and the copies. */
  public static PredictVsEvaluate run(Path model, Path data, Path work) throws Exception {
    Path eval = work.resolve("eval");
    CliRun e = CliRun.of("evaluate", "--model", model.toString(), "--data", data.toString(), "--split", "test",
        "--out", eval.toString());
    assertThat(e.exit()).as(e.all()).isZero();
    Map<String, double[]> evaluated = new HashMap<>();
    List<String> rows = Files.readAllLines(eval.resolve("predictions.csv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split(",");
      evaluated.put(f[0], new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])});
    }
    CliRun p = CliRun.of("predict", "--model", model.toString(), "--cases", copies(data, work.resolve("copies")).toString(),
        "--json");
    assertThat(p.exit()).as(p.all()).isZero();
    JsonNode answers = JSON.readTree(p.out());
    assertThat(answers.size()).isEqualTo(evaluated.size()).isGreaterThan(5);
    return new PredictVsEvaluate(evaluated, rows, answers);
  }

  /** A case table over copies of the test split's images in {@code dir}. */
  private static Path copies(Path data, Path dir) throws Exception {
    Derm7ptRelease release = Derm7ptRelease.open(data);
    Files.createDirectories(dir);
    StringBuilder csv = new StringBuilder("case_id,clinic,derm,sex,location,elevation\n");
    for (LesionCase c : release.split(Split.TEST)) {
      Path cl = dir.resolve(c.caseNum() + "-c.jpg");
      Path de = dir.resolve(c.caseNum() + "-d.jpg");
      Files.copy(release.image(c.clinic()), cl);
      Files.copy(release.image(c.derm()), de);
      csv.append(c.caseNum()).append(',').append(cl.getFileName()).append(',').append(de.getFileName())
          .append(',').append(c.sex()).append(',').append(c.location()).append(',').append(c.elevation()).append('\n');
    }
    Path cases = dir.resolve("cases.csv");
    Files.writeString(cases, csv.toString());
    return cases;
  }

  /** The largest |predict − evaluate| over every case and management class. */
  public double maxDifference() {
    double max = 0;
    for (JsonNode a : answers) {
      double[] want = evaluated.get(a.get("id").asText());
      double[] got = {a.at("/management/NONE").asDouble(), a.at("/management/CLNC").asDouble(),
          a.at("/management/EXC").asDouble()};
      for (int k = 0; k < 3; k++) {
        max = Math.max(max, Math.abs(want[k] - got[k]));
      }
    }
    return max;
  }
}
