package org.dermmgmt.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crossval, compare and reproduce --quick end to end on a synthetic release (tiny backbone). */
class ReproduceQuickTest {
  @TempDir static Path dir;
  static Path data;
  static final String[] TINY = {"--backbone", "tiny", "--image-size", "32", "--batch-size", "8", "--epochs", "3"};

  @BeforeAll
  static void setUp() {
    System.setProperty("dermmgmt.cache", dir.resolve("cache").toString());
    data = SyntheticDerm7pt.write(dir.resolve("derm7pt"), 60, 32, 11);
  }

  @Test
  void crossvalKeepsFoldsAndSummarises() throws Exception {
    Path out = dir.resolve("cv");
    CliRun r = CliRun.of(concat(new String[] {"crossval", "--data", data.toString(), "--task", "mgmt",
        "--folds", "3", "--out", out.toString(), "--freeze-backbone", "--json"}, TINY));
    assertThat(r.exit()).as(r.all()).isZero();
    JsonNode summary = new ObjectMapper().readTree(r.out());
    assertThat(summary.get("folds").asInt()).isEqualTo(3);
    JsonNode acc = summary.at("/metrics/accuracy");
    int total = 0;
    double[] foldAccuracy = new double[3];
    for (int f = 1; f <= 3; f++) {
      assertThat(out.resolve("fold-" + f + "/run/model.params")).exists();
      JsonNode m = new ObjectMapper().readTree(out.resolve("fold-" + f + "/eval/metrics.json").toFile());
      total += m.get("n").asInt();
      foldAccuracy[f - 1] = m.get("accuracy").asDouble();
    }
    double mean = (foldAccuracy[0] + foldAccuracy[1] + foldAccuracy[2]) / 3;
    double var = 0;
    for (double a : foldAccuracy) {
      var += (a - mean) * (a - mean) / 2;
    }
    assertThat(acc.get("mean").asDouble()).as("the summary is the folds' mean").isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(acc.get("sd").asDouble()).as("and their sample SD").isCloseTo(Math.sqrt(var), org.assertj.core.data.Offset.offset(1e-9));
    // train+valid of the synthetic release: every case is tested exactly once.
    assertThat(total).isEqualTo(42);
    // The policies pooled over the folds; a management model's safety threshold is fitted on the
    // true diagnoses its calibration cases keep (no diagnosis head).
    String policies = Files.readString(out.resolve("policies.md"));
    assertThat(policies).contains("| mgmt | 3-fold CV (pooled) | argmax | ")
        .contains("| mgmt | 3-fold CV (pooled) | safety | ").doesNotContain("not fitted");
    assertThat(Files.readAllLines(out.resolve("fold-1/run/calibration_cases.csv")).get(0)).endsWith(",true_diagnosis");
  }

  @Test
  void reproduceQuickWritesTheReport() throws Exception {
    Path out = dir.resolve("repro");
    CliRun r = CliRun.of(concat(new String[] {"reproduce", "--data", data.toString(), "--out", out.toString(),
        "--eval-split", "valid", "--quick"}, TINY));
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.err()).contains("estimated wall time").contains("[1/12]").contains("[12/12]").contains("  [1/12] done in ").contains("finished in");
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("Table 2 (left): MGMT_infr").contains("Table 3").contains("Table 4")
        .contains("| CDM | frozen tiny, 1 model, 2 test-time views |").contains("3-fold CV (frozen tiny").contains("0.7367").contains("24.56 %")
        .contains("MGMT_pred vs MGMT_infr").contains("evals/pred/roc.png");
    // argmax vs safety: each main model on valid and pooled over the CV folds, every row fitted.
    for (String id : new String[] {"infr", "pred", "multi"}) {
      for (String where : new String[] {"valid", "3-fold CV (pooled)"}) {
        for (String policy : new String[] {"argmax", "safety"}) {
          assertThat(md).contains("| " + id + " | " + where + " | " + policy + " | ");
        }
      }
      // The argmax row on valid is the evaluation's own accuracy (argmax is unchanged by calibration).
      double acc = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(out.resolve("evals/" + id + "/metrics.json").toFile()).get("accuracy").asDouble();
      assertThat(md).contains("| " + id + " | valid | argmax | " + String.format(java.util.Locale.ROOT, "%.4f", acc) + " |");
    }
    assertThat(md).contains("Beyond the paper: argmax vs the safety policy").doesNotContain("not fitted");
    // The gate over the valid split's images: SIZE asks for 26 px (80% of the 32-px input), so
    // these 32x24 synthetic photos all fail it, and no other check fires on them.
    var valid = org.dermmgmt.data.Derm7ptRelease.open(data).split(org.dermmgmt.data.Split.VALID);
    long images = valid.stream().flatMap(c -> java.util.stream.Stream.of(c.clinic(), c.derm())).distinct().count();
    assertThat(md).contains("Beyond the paper: image-quality gate")
        .contains(images + " of the " + images + " images of the valid split (100.00%) fail")
        .contains(valid.size() + " of its " + valid.size() + " cases (100.00%) would be referred")
        .contains("| SIZE | min_side_px | ≥ 26 | " + images + " |").contains("| DARK | mean_luma | ≥ 30 | 0 |")
        .contains("| BLUR | laplacian_variance | ≥ 20 | 0 |");
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).startsWith("<!doctype html>").contains("<table>").contains("<img src=\"evals/multi/confusion.png\"");
    for (String id : new String[] {"infr", "pred", "multi", "ablation-C", "ablation-DM"}) {
      assertThat(out.resolve("evals/" + id + "/metrics.json")).exists();
    }
    assertThat(out.resolve("evals/multi/roc.png")).exists();

    // compare reads two evaluation directories of the same cases.
    CliRun c = CliRun.of("compare", "--a", out.resolve("evals/infr").toString(),
        "--b", out.resolve("evals/pred").toString(), "--split", "valid", "--json");
    assertThat(c.exit()).as(c.all()).isZero();
    JsonNode cmp = new ObjectMapper().readTree(c.out());
    assertThat(cmp.get("n").asInt()).isEqualTo(18);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
