package org.dermmgmt.model;

import org.dermmgmt.UserInputException;

/**
 * Everything needed to rebuild a fusion network's architecture (saved in a run's config.json, so
 * a trained model can be loaded without the options it was trained with).
 *
 * @param backbone {@code mobilenet_v2} (ImageNet-pretrained) or {@code tiny} (random-initialised,
 *     narrow MobileNetV2 used by fast tests)
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

  public static final String MOBILENET_V2 = "mobilenet_v2";
  public static final String TINY = "tiny";

  public FusionConfig {
    if (!MOBILENET_V2.equals(backbone) && !TINY.equals(backbone)) {
      throw new UserInputException(
          "unknown backbone '" + backbone + "'; expected " + MOBILENET_V2 + " or " + TINY);
    }
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

  public boolean pretrained() {
    return MOBILENET_V2.equals(backbone);
  }
}
