package org.dermmgmt.model;

import org.dermmgmt.UserInputException;
import org.dermmgmt.model.backbone.Backbone;
import org.dermmgmt.model.backbone.Backbones;

/**
 * Everything needed to rebuild a fusion network's architecture (saved in a run's config.json, so
 * a trained model can be loaded without the options it was trained with).
 *
 * @param backbone a {@link Backbones} name: {@code mobilenet_v2} (ImageNet-pretrained) or {@code tiny}
 *     (random-initialised, narrow MobileNetV2 used by fast tests)
 * @param widthMultiplier MobileNetV2 width; 1.0 is the pretrained one
 * @param imageSize square input size of each image stream
 * @param sharedStreams one backbone for both images instead of one per modality
 * @param headHidden width of the hidden layer before the heads; 0 means linear heads
 * @param dropout dropout rate on the fused features during training
 */
public record FusionConfig(
    Task task,
    Inputs inputs,
    String backbone,
    float widthMultiplier,
    int imageSize,
    boolean sharedStreams,
    int headHidden,
    float dropout) {

  public FusionConfig {
    Backbones.byName(backbone);
    if (imageSize < 16 || imageSize % 2 != 0) {
      throw new UserInputException("image size must be an even number >= 16, got " + imageSize);
    }
    if (dropout < 0 || dropout >= 1) {
      throw new UserInputException("dropout must be in [0, 1), got " + dropout);
    }
    if (headHidden < 0) {
      throw new UserInputException("head hidden size must be >= 0, got " + headHidden);
    }
  }

  /** The stream implementation this configuration names. */
  public Backbone backboneImpl() {
    return Backbones.byName(backbone);
  }

  public boolean pretrained() {
    return backboneImpl().pretrained();
  }
}
