package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.model.backbone.resnet.TestResNetWeights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResNetBackboneCheckCommandTest {
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
  void checksImportsAndClassifiesFromAWeightsDir() {
    Path root = TestResNetWeights.dirOrSkip().getParent();
    Path dog = TestResNetWeights.photoOrSkip("dog.jpg");
    int code = Main.run("backbone", "check", "--backbone", "resnet50", "--weights-dir", root.toString(),
        "--image", dog.toString());
    String text = out.toString(StandardCharsets.UTF_8);
    oldOut.println(text);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(text)
        .contains("--weights-dir " + root)
        .contains("11e0ca5744e311734bb5117e707beee6030fe9712b4bbb4352b5b3796f7c7a21  model.json ok")
        .contains("16108b36200de685a022d55ad60cdbc2c631140fffbda0e875f8dd54ed5577e1  group1-shard25of25.bin ok")
        .contains("ResNet-50 imported: 25636712 parameters, 2048 features")
        .contains("top-5")
        .containsPattern("249 0\\.859\\d malamute");
  }

  @Test
  void mobileNetIsFoundInTheSameWeightsDir() {
    Path root = Path.of("../shared/weights");
    Assumptions.assumeTrue(Files.isRegularFile(root.resolve("mobilenet_v2_1.0_224_quant.tflite")), "shared weights absent");
    int code = Main.run("backbone", "check", "--weights-dir", root.toString());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("MobileNetV2 1.0 imported");
  }

  @Test
  void weightsDirWithoutTheBackboneIsOneLineExitTwo(@TempDir Path dir) {
    int code = Main.run("backbone", "check", "--backbone", "resnet50", "--weights-dir", dir.toString());
    String text = err.toString(StandardCharsets.UTF_8).strip();
    assertThat(code).isEqualTo(2);
    assertThat(text).startsWith("error: --weights-dir " + dir + ": no such folder " + dir.resolve("resnet50_imagenet_tfjs"))
        .contains("model.json").doesNotContain("\n");
  }

  @Test
  void unknownBackboneIsExitTwo() {
    int code = Main.run("backbone", "check", "--backbone", "vgg16");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("vgg16").contains("mobilenet_v2 or resnet50");
  }
}
