package org.dermmgmt.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.cli.CliRun;
import org.dermmgmt.data.synthetic.SyntheticDerm7pt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run written before the inference path was unified (format dermmgmt-run/1: a 2-member tiny
 * ensemble, 4 test-time views) still evaluates to the probabilities the code of commit e8a228a
 * gave it on the synthetic set below. The fixture holds the run's text files only; its weights
 * are a seeded initialisation made here (no weight files in the repository), and the expected
 * probabilities are e8a228a's evaluation of exactly those weights (in fp32, the only arithmetic then).
 */
class LegacyRunTest {
  @TempDir Path dir;

  @Test
  void formatOneRunEvaluatesToItsRecordedProbabilities() throws IOException {
    Path run = copyFixture(dir.resolve("run"));
    writeSeededWeights(run);
    Path data = SyntheticDerm7pt.write(dir.resolve("syn"), 40, 48, 3);
    CliRun e = CliRun.of("evaluate", "--model", run.toString(), "--data", data.toString(),
        "--split", "valid", "--out", dir.resolve("eval").toString(),
        "--precision", "fp32"); // the recorded probabilities are fp32's (bf16 moves the third decimal)
    assertThat(e.exit()).as(e.all()).isZero();
    List<String> expected = lines("/legacy-run-v1/expected-valid-predictions.csv");
    List<String> actual = Files.readAllLines(dir.resolve("eval/predictions.csv"));
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 1; i < expected.size(); i++) {
      String[] want = expected.get(i).split(",");
      String[] got = actual.get(i).split(",");
      assertThat(got).hasSameSizeAs(want);
      for (int c = 0; c < want.length; c++) {
        if (want[c].matches("-?\\d+\\.\\d+(E-?\\d+)?")) {
          assertThat(Double.parseDouble(got[c])).as("row %d column %d", i, c)
              .isCloseTo(Double.parseDouble(want[c]), org.assertj.core.data.Offset.offset(1e-6));
        } else {
          assertThat(got[c]).as("row %d column %d", i, c).isEqualTo(want[c]);
        }
      }
    }
  }

  /** Each member's weights: a seeded random initialisation of its architecture (repeatable). */
  static void writeSeededWeights(Path run) {
    for (int i = 1; i <= 2; i++) {
      RunDir member = new RunDir(run).member(i);
      ModelCard card = ModelCard.read(member);
      try (ai.djl.Model model = ai.djl.Model.newInstance("legacy")) {
        org.dermmgmt.model.FusionNet net = new org.dermmgmt.model.FusionNet(card.model());
        model.setBlock(net);
        ai.djl.engine.Engine.getInstance().setRandomSeed(1000 + i);
        net.initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, net.inputShapes(1));
        member.saveParameters(net, member.model());
      }
    }
    // Set to write the generated run out once, for evaluating it with the old build.
    String keep = System.getenv("DERMMGMT_LEGACY_KEEP");
    if (keep != null) {
      try {
        org.dermmgmt.TestTrees.copy(run, Path.of(keep));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static List<String> lines(String resource) throws IOException {
    try (InputStream in = LegacyRunTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes()).lines().toList();
    }
  }

  /** The fixture run directory, copied so the test never writes into the classpath. */
  private static Path copyFixture(Path to) throws IOException {
    Path from;
    try {
      from = Path.of(LegacyRunTest.class.getResource("/legacy-run-v1/run").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    org.dermmgmt.TestTrees.copy(from, to);
    return to;
  }
}
