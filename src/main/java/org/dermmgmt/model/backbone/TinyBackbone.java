package org.dermmgmt.model.backbone;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.data.image.Normalization;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.MobileNetV2;

/**
 * A narrow, random-initialised MobileNetV2 for fast tests and CI: the real architecture's code
 * path at a fraction of its cost, with no weights file.
 */
final class TinyBackbone implements Backbone {
  static final String NAME = "tiny";
  /** Width multiplier and pooled feature size (MobileNetV2 keeps 1280, too big for CI). */
  static final float WIDTH = 0.25f;
  static final int FEATURES = 64;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean pretrained() {
    return false;
  }

  @Override
  public Block newStream(FusionConfig config) {
    return MobileNetV2.builder().optNumClasses(0).optWidthMultiplier(WIDTH).optLastChannels(FEATURES).build();
  }

  @Override
  public int featureSize(FusionConfig config) {
    return FEATURES;
  }

  @Override
  public Normalization normalization() {
    return Normalization.MOBILENET;
  }

  @Override
  public int nativeInputSize() {
    return 32;
  }

  @Override
  public List<String> stages() {
    return List.of("stem", "blocks", "head");
  }

  @Override
  public Path resolveWeights(Path weightsFlag, Path weightsDir) {
    return null;
  }

  @Override
  public String weightsSha256(Path weights) {
    return null;
  }

  @Override
  public void importWeights(Block stream, Path weights) {
    throw new IllegalStateException("the tiny backbone has no pretrained weights");
  }
}
