package org.dermmgmt.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.cli.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bad options give a one-line error and exit 2, never a stack trace. */
class TrainOptionErrorsTest {
  @TempDir static Path dir;
  static Path data;

  @BeforeAll
  static void setUp() {
    data = Synthetic.dataset(dir);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--task|segment|unknown task 'segment'",
      "--inputs|XYZ|--inputs 'XYZ'",
      "--epochs|0|--epochs must be >= 1",
      "--optimizer|lbfgs|--optimizer must be adam or sgd",
      "--select-split|holdout|holdout",
      "--ensemble|0|--ensemble must be >= 1",
      "--backbone-lr-scale|-1|--backbone-lr-scale must be a finite number > 0",
      "--mixup|-0.5|--mixup must be a finite number >= 0",
      "--average-last|-1|--average-last must be >= 0",
      "--lr-warmup|-1|--lr-warmup must be >= 0",
      "--color-constancy|grey-world|--color-constancy: expected none or shades-of-gray, got 'grey-world'",
      "--precision|fp8|--precision: expected auto, fp32 or bf16, got 'fp8'",
      "--backbone|resnet|unknown backbone 'resnet'"})
  void badOptionIsOneLine(String option, String value, String message) {
    String backbone = option.equals("--backbone") ? value : "tiny";
    CliRun r = option.equals("--backbone")
        ? CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("x").toString(), option, value)
        : CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("x").toString(),
            "--backbone", backbone, "--image-size", "32", option, value);
    assertThat(r.exit()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
  }

  @Test
  void missingDataIsNamed() {
    CliRun r = CliRun.of("train", "--data", dir.resolve("nowhere").toString(), "--backbone", "tiny");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("nowhere").doesNotContain("Exception");
  }

  @Test
  void wrongWeightsFileIsRefused() throws Exception {
    Path fake = dir.resolve("fake.tflite");
    Files.writeString(fake, "not the weights");
    CliRun r = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("w").toString(),
        "--backbone", "mobilenet_v2", "--weights", fake.toString());
    assertThat(r.exit()).as(r.all()).isEqualTo(2);
    assertThat(r.err()).contains("sha256").doesNotContain("Exception");
    // ResNet-50 reads a folder: a file is refused, saying what it expects.
    CliRun d = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("w2").toString(),
        "--backbone", "resnet50", "--weights", fake.toString());
    assertThat(d.exit()).as(d.all()).isEqualTo(2);
    assertThat(d.err()).contains("resnet50_imagenet_tfjs/").contains("model.json").doesNotContain("Exception");
    // The default mixes two backbones: one file cannot be both's weights.
    CliRun mixed = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("w3").toString(),
        "--weights", fake.toString());
    assertThat(mixed.exit()).as(mixed.all()).isEqualTo(2);
    assertThat(mixed.lastErrLine()).contains("--weights-dir").doesNotContain("Exception");
  }

  @Test
  void anOptionOnePartOfTheMixedDefaultCannotTakeNamesThePart() {
    // MobileNetV2 has no stages to freeze; the ResNet-50 part would take --freeze-stages 2.
    CliRun r = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("fs").toString(),
        "--freeze-stages", "2");
    assertThat(r.exit()).as(r.all()).isEqualTo(2);
    assertThat(r.lastErrLine()).contains("--freeze-stages").contains("mobilenet_v2")
        .contains("part 2 of the mixed run resnet50+mobilenet_v2").contains("--backbone resnet50")
        .doesNotContain("Exception");
    // A value no part takes is the value's fault: the plain one-line error, no part named.
    CliRun bad = CliRun.of("train", "--data", data.toString(), "--out", dir.resolve("fs2").toString(),
        "--freeze-stages", "-1");
    assertThat(bad.exit()).as(bad.all()).isEqualTo(2);
    assertThat(bad.lastErrLine()).contains("--freeze-stages must be >= 0").doesNotContain("part ");
    assertThat(dir.resolve("fs")).doesNotExist();
  }

  @Test
  void existingRunIsNotOverwritten() {
    Path run = dir.resolve("once");
    assertThat(CliRun.of(Synthetic.train(data, run, "mgmt", "--epochs", "1")).exit()).isZero();
    CliRun again = CliRun.of(Synthetic.train(data, run, "mgmt", "--epochs", "1"));
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("--resume");
  }
}
