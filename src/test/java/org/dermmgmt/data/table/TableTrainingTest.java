package org.dermmgmt.data.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.dermmgmt.data.synthetic.SyntheticTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A case table is a second source of the same cases: trained and evaluated from a table, a model
 * is the one trained from the release holding the same cases, images and splits.
 */
class TableTrainingTest {
  @TempDir Path dir;

  @Test
  void tableAndReleaseGiveTheSameModelAndFigures() throws Exception {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    Path release = SyntheticDerm7pt.write(dir.resolve("release"), 40, 40, 5);
    Path table = SyntheticTable.write(dir.resolve("table"), 40, 40, 5);
    List<String> predictions = null;
    for (Path data : List.of(release, table)) {
      Path run = dir.resolve("run-" + data.getFileName());
      CliRun t = CliRun.of("train", "--data", data.toString(), "--out", run.toString(), "--task", "multi",
          "--backbone", "tiny", "--image-size", "32", "--batch-size", "8", "--freeze-backbone", "--epochs", "3",
          "--tta", "1");
      assertThat(t.exit()).as(t.all()).isZero();
      CliRun e = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(), "--split", "valid",
          "--out", run.resolve("eval").toString());
      assertThat(e.exit()).as(e.all()).isZero();
      List<String> rows = Files.readAllLines(run.resolve("eval/predictions.csv"));
      assertThat(rows.size()).isGreaterThan(5);
      if (predictions == null) {
        predictions = rows;
      } else {
        assertThat(rows).as("same cases, same seed: same predictions").isEqualTo(predictions);
      }
    }
  }

  @Test
  void aTaskWhoseLabelsTheTableLacksIsRefused() throws Exception {
    Path table = SyntheticTable.write(dir.resolve("t"), 30, 32, 2);
    List<String> lines = Files.readAllLines(table);
    // Keep only the columns up to management: no diagnosis, no criteria.
    StringBuilder cut = new StringBuilder();
    for (String line : lines) {
      String[] f = line.split(",");
      cut.append(String.join(",", java.util.Arrays.copyOf(f, 7))).append(',').append(f[f.length - 1]).append('\n');
    }
    Files.writeString(table, cut.toString());
    CliRun t = CliRun.of("train", "--data", table.toString(), "--out", dir.resolve("r").toString(), "--task", "multi",
        "--backbone", "tiny", "--image-size", "32", "--freeze-backbone", "--epochs", "1");
    assertThat(t.exit()).isEqualTo(2);
    assertThat(t.err()).contains("--task multi needs diagnosis labels").doesNotContain("Exception");
    CliRun ok = CliRun.of("train", "--data", table.toString(), "--out", dir.resolve("r2").toString(), "--task", "mgmt",
        "--backbone", "tiny", "--image-size", "32", "--freeze-backbone", "--epochs", "1");
    assertThat(ok.exit()).as(ok.all()).isZero();
    assertThat(dir.resolve("r2/priors.json")).as("no diagnoses, no priors").doesNotExist();
    CliRun e = CliRun.of("evaluate", "--model", dir.resolve("r2").toString(), "--data", table.toString(),
        "--split", "valid", "--out", dir.resolve("e2").toString());
    assertThat(e.exit()).as(e.all()).isZero();
    assertThat(Files.readAllLines(dir.resolve("e2/predictions.csv")).size()).isGreaterThan(1);
  }
}
