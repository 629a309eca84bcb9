package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.model.tflite.TestWeights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MobileNetBackboneCheckCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  @Test
  void checksImportsAndClassifies() {
    Path weights = TestWeights.pathOrSkip();
    Path dog = Path.of("/usr/share/darknet/data/dog.jpg");
    Assumptions.assumeTrue(Files.isRegularFile(dog), "darknet photo absent");
    int code =
        Main.run("backbone", "check", "--weights", weights.toString(), "--image", dog.toString(),
            "--labels", TestWeights.labels(weights).toString());
    String text = out.toString(StandardCharsets.UTF_8);
    oldOut.println(text);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(text).contains("sha256").contains("parameters").contains("top-5").contains("malamute");
  }

  @Test
  void badWeightsFileIsOneLineExitTwo(@TempDir Path dir) throws Exception {
    Path bogus = dir.resolve("w.tflite");
    Files.writeString(bogus, "nope");
    int code = Main.run("backbone", "check", "--weights", bogus.toString());
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(2);
    assertThat(text.strip()).startsWith("error: --weights " + bogus).contains("expected").doesNotContain("\n");
  }
}
