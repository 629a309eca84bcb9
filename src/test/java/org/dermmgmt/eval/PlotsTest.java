package org.dermmgmt.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @Test
  void writerProducesAllFilesAndPngsOfTheExpectedSize(@TempDir Path dir) throws Exception {
    List<EvaluatedCase> cases = Fixtures.smallWithDiagnosis();
    MetricsReport r = Evaluator.evaluate(cases, "test", "multi", 5L, Map.of("k", 1), 100);
    EvaluationWriter.write(cases, r, dir);
    assertThat(dir.resolve("metrics.json")).exists();
    assertThat(dir.resolve("predictions.csv")).exists();
    for (String f : List.of("roc.png", "confusion.png", "reliability.png")) {
      Path p = dir.resolve(f);
      byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(p), 8);
      assertThat(head).containsExactly(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
      BufferedImage img = ImageIO.read(p.toFile());
      assertThat(img.getWidth()).as(f).isEqualTo(Plots.WIDTH);
      assertThat(img.getHeight()).as(f).isEqualTo(Plots.HEIGHT);
    }
    String outDir = System.getenv("DERMMGMT_PLOTS_OUT");
    if (outDir != null) { // for eyeballing: DERMMGMT_PLOTS_OUT=/tmp/plots mvn test ...
      Plots.writeAll(Fixtures.fromConfusion(PaperTable2Test.INFR), Path.of(outDir));
      EvaluationWriter.write(cases, r, Path.of(outDir, "small"));
    }
  }
}
