package org.dermmgmt.model.backbone;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.data.image.Normalization;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.backbone.resnet.ResNet50;

/**
 * A random-initialised ResNet of ResNet-50's structure ({@link ResNet50#tiny()}: one bottleneck
 * per stage, 256 features) for CI: the ResNet code path, caffe normalisation and stage freezing
 * at a fraction of the cost, with no weights file.
 */
final class TinyResNetBackbone implements Backbone {
  static final String NAME = "tiny_resnet";

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
    return ResNet50.tiny().optNumClasses(0).build();
  }

  @Override
  public int featureSize(FusionConfig config) {
    return ResNet50.tiny().build().featureSize();
  }

  @Override
  public Normalization normalization() {
    return Normalization.CAFFE;
  }

  @Override
  public int nativeInputSize() {
    return 32;
  }

  @Override
  public List<String> stages() {
    return ResNet50.STAGE_NAMES;
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
    throw new IllegalStateException("the tiny_resnet backbone has no pretrained weights");
  }

  @Override
  public boolean freezableStages() {
    return true;
  }

  @Override
  public void freezeStages(Block stream, int count) {
    ResNet50Stages.freeze(this, (ResNet50) stream, count);
  }
}
