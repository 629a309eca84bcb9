package org.dermmgmt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.model.backbone.resnet.TestResNetWeights;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResNetBackboneCheckCommandTest {
  @Test
  void checksImportsAndClassifiesFromAWeightsDir() {
    Path root = TestResNetWeights.dirOrSkip().getParent();
    Path dog = TestResNetWeights.photoOrSkip("dog.jpg");
    CliRun r = CliRun.of("backbone", "check", "--backbone", "resnet50", "--weights-dir", root.toString(),
        "--image", dog.toString());
    System.out.println(r.out());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
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
    CliRun r = CliRun.of("backbone", "check", "--weights-dir", root.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("MobileNetV2 1.0 imported");
  }

  @Test
  void weightsDirWithoutTheBackboneIsOneLineExitTwo(@TempDir Path dir) {
    CliRun r = CliRun.of("backbone", "check", "--backbone", "resnet50", "--weights-dir", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .startsWith("error: --weights-dir " + dir + ": no such folder " + dir.resolve("resnet50_imagenet_tfjs"))
        .contains("model.json").doesNotContain("\n");
  }

  @Test
  void unknownBackboneIsExitTwo() {
    CliRun r = CliRun.of("backbone", "check", "--backbone", "vgg16");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("vgg16").contains("mobilenet_v2 or resnet50");
  }
}
