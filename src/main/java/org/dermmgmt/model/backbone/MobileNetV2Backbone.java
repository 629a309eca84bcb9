package org.dermmgmt.model.backbone;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.Provenance;
import org.dermmgmt.data.image.Normalization;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.MobileNetV2;
import org.dermmgmt.model.backbone.weights.WeightsLocator;
import org.dermmgmt.model.backbone.weights.WeightsSpecs;
import org.dermmgmt.model.tflite.TfliteImporter;
import org.dermmgmt.model.tflite.TfliteModel;

/** ImageNet MobileNetV2 1.0 imported from the quantised TFLite file (shared/README.md). */
final class MobileNetV2Backbone implements Backbone {
  static final String NAME = "mobilenet_v2";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean pretrained() {
    return true;
  }

  @Override
  public Block newStream(FusionConfig config) {
    return MobileNetV2.builder().optNumClasses(0).optWidthMultiplier(config.widthMultiplier()).build();
  }

  @Override
  public int featureSize(FusionConfig config) {
    return MobileNetV2.builder().optNumClasses(0).optWidthMultiplier(config.widthMultiplier()).build().featureSize();
  }

  @Override
  public Normalization normalization() {
    return Normalization.MOBILENET;
  }

  @Override
  public int nativeInputSize() {
    return 224;
  }

  @Override
  public List<String> stages() {
    return List.of("stem", "blocks", "head");
  }

  @Override
  public Path resolveWeights(Path weightsFlag, Path weightsDir) {
    return WeightsLocator.system().find(WeightsSpecs.MOBILENET_V2_SPEC, weightsFlag, weightsDir).path();
  }

  @Override
  public String weightsSha256(Path weights) {
    return weights == null ? null : Provenance.sha256(weights);
  }

  @Override
  public void importWeights(Block stream, Path weights) {
    TfliteImporter.load((MobileNetV2) stream, TfliteModel.read(weights));
  }

  /**
   * Runs before the registry existed wrote {@code mnv2-SHA-s224-c25} cache folders; their views
   * were seeded by path, not content, so they are not reused: the new name keeps them apart.
   */
  @Override
  public String featureFingerprint(String weightsSha256, long seed, int stream, String preprocessing) {
    return Backbone.super.featureFingerprint(weightsSha256, seed, stream, preprocessing);
  }
}
