package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.model.tflite.TestWeights;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobileNetBackboneCheckCommandTest {
  @Test
  void checksImportsAndClassifies() {
    Path weights = TestWeights.pathOrSkip();
    Path dog = Path.of("/usr/share/darknet/data/dog.jpg");
    Assumptions.assumeTrue(Files.isRegularFile(dog), "darknet photo absent");
    CliRun r = CliRun.of("backbone", "check", "--weights", weights.toString(), "--image", dog.toString(),
        "--labels", TestWeights.labels(weights).toString());
    System.out.println(r.out());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("sha256").contains("parameters").contains("top-5").contains("malamute");
  }

  @Test
  void badWeightsFileIsOneLineExitTwo(@TempDir Path dir) throws Exception {
    Path bogus = dir.resolve("w.tflite");
    Files.writeString(bogus, "nope");
    CliRun r = CliRun.of("backbone", "check", "--weights", bogus.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("error: --weights " + bogus).contains("expected").doesNotContain("\n");
  }
}
