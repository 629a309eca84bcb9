package org.dermmgmt.model.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.image.Normalization;
import org.dermmgmt.model.backbone.resnet.ResNet50;
import org.dermmgmt.model.backbone.weights.WeightsSpecs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ResNet backbones in the registry, and --weights-dir resolution of both real backbones. */
class ResNet50BackboneTest {
  private static final Path SHARED = Path.of("../shared/weights");

  @Test
  void registryDescribesBothResNets() {
    Backbone r = Backbones.byName("resnet50");
    assertThat(r.pretrained()).isTrue();
    assertThat(r.featureSize(null)).isEqualTo(2048);
    assertThat(r.normalization()).isEqualTo(Normalization.CAFFE);
    assertThat(r.nativeInputSize()).isEqualTo(224);
    assertThat(r.stages()).isEqualTo(ResNet50.STAGE_NAMES);
    assertThat(r.freezableStages()).isTrue();
    Backbone t = Backbones.byName("tiny_resnet");
    assertThat(t.pretrained()).isFalse();
    assertThat(t.featureSize(null)).isEqualTo(256);
    assertThat(t.normalization()).isEqualTo(Normalization.CAFFE);
    assertThat(t.resolveWeights(null, SHARED)).isNull();
    assertThat(Backbones.byName("tiny").freezableStages()).isFalse();
    assertThat(Backbones.byName("mobilenet_v2").freezableStages()).isFalse();
  }

  @Test
  void weightsDirWithoutTheFilesIsAOneLineErrorNamingIt(@TempDir Path empty) {
    assertThatThrownBy(() -> Backbones.byName("resnet50").resolveWeights(null, empty))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--weights-dir " + empty)
        .hasMessageContaining(WeightsSpecs.RESNET50_FOLDER);
    assertThatThrownBy(() -> Backbones.byName("mobilenet_v2").resolveWeights(null, empty))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("--weights-dir " + empty)
        .hasMessageContaining(org.dermmgmt.model.backbone.weights.WeightsSpecs.MOBILENET_V2_FILE);
  }

  @Test
  void sharedWeightsDirResolvesBothRealBackbones() throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(SHARED.resolve(WeightsSpecs.RESNET50_FOLDER))
        && Files.isRegularFile(SHARED.resolve(org.dermmgmt.model.backbone.weights.WeightsSpecs.MOBILENET_V2_FILE)), "shared weights absent: " + SHARED);
    Backbone r = Backbones.byName("resnet50");
    Path folder = r.resolveWeights(null, SHARED);
    assertThat(Files.isSameFile(folder, SHARED.resolve(WeightsSpecs.RESNET50_FOLDER))).isTrue();
    assertThat(r.weightsSha256(folder)).isEqualTo(WeightsSpecs.RESNET50_SPEC.fingerprint());
    Backbone m = Backbones.byName("mobilenet_v2");
    Path file = m.resolveWeights(null, SHARED);
    assertThat(Files.isSameFile(file, SHARED.resolve(org.dermmgmt.model.backbone.weights.WeightsSpecs.MOBILENET_V2_FILE))).isTrue();
    // The sha256 MobileNetV2 runs have always recorded: the file's own.
    assertThat(m.weightsSha256(file)).isEqualTo(org.dermmgmt.model.backbone.weights.WeightsSpecs.MOBILENET_V2_SHA256);
  }

  /** A stream as FusionNet makes it takes the real weights and returns pooled (N, 2048) features. */
  @Test
  void realStreamImportsAndPools() {
    Path folder = SHARED.resolve(WeightsSpecs.RESNET50_FOLDER);
    Assumptions.assumeTrue(Files.isDirectory(folder), "shared weights absent: " + folder);
    Backbone r = Backbones.byName("resnet50");
    try (NDManager m = NDManager.newBaseManager()) {
      Block stream = r.newStream(null);
      stream.initialize(m, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      r.importWeights(stream, r.resolveWeights(folder, null));
      r.freezeStages(stream, 2);
      NDList out = stream.forward(new ParameterStore(m, false), new NDList(m.ones(new Shape(2, 3, 64, 64))), false);
      assertThat(out.singletonOrThrow().getShape()).isEqualTo(new Shape(2, 2048));
      assertThat(((ResNet50) stream).frozenStages()).isEqualTo(2);
    }
  }
}
