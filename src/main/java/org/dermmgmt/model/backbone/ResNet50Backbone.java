package org.dermmgmt.model.backbone;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.data.image.Normalization;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.backbone.resnet.ResNet50;
import org.dermmgmt.model.backbone.resnet.tfjs.ResNet50Importer;
import org.dermmgmt.model.backbone.resnet.tfjs.TfjsLayersModel;
import org.dermmgmt.model.backbone.weights.WeightsLocator;
import org.dermmgmt.model.backbone.weights.WeightsSpecs;

/**
 * ImageNet ResNet-50 (Keras applications, float32) imported from its TF.js layers model folder
 * (shared/README.md); batch norm frozen by default (batches of 8-16 are too small to re-estimate
 * it) and its stem and stages 2-5 freezable with {@code --freeze-stages}.
 */
final class ResNet50Backbone implements Backbone {
  static final String NAME = WeightsSpecs.RESNET50;

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
    return ResNet50.builder().optNumClasses(0).build();
  }

  @Override
  public int featureSize(FusionConfig config) {
    return ResNet50.builder().optNumClasses(0).build().featureSize();
  }

  @Override
  public Normalization normalization() {
    return Normalization.CAFFE;
  }

  @Override
  public int nativeInputSize() {
    return ResNet50.INPUT_SIZE;
  }

  @Override
  public List<String> stages() {
    return ResNet50.STAGE_NAMES;
  }

  @Override
  public Path resolveWeights(Path weightsFlag, Path weightsDir) {
    return WeightsLocator.system().find(WeightsSpecs.RESNET50_SPEC, weightsFlag, weightsDir).path();
  }

  /** The folder's fingerprint (sha256 of its files' sha256 listing), after checking every file. */
  @Override
  public String weightsSha256(Path weights) {
    return weights == null
        ? null
        : WeightsLocator.system().find(WeightsSpecs.RESNET50_SPEC, weights, null).fingerprint();
  }

  @Override
  public void importWeights(Block stream, Path weights) {
    ResNet50Importer.load((ResNet50) stream, TfjsLayersModel.read(weights));
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
