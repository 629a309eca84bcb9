package org.dermmgmt.model;

import org.dermmgmt.data.MetadataVocabulary;
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
 * @param metadata the one-hot vocabulary of the metadata input (runs before it was recorded, and
 *     every Derm7pt run, use Derm7pt's 14 values)
 */
public record FusionConfig(
    Task task,
    Inputs inputs,
    String backbone,
    float widthMultiplier,
    int imageSize,
    boolean sharedStreams,
    int headHidden,
    float dropout,
    MetadataVocabulary metadata) {

  public FusionConfig(Task task, Inputs inputs, String backbone, float widthMultiplier, int imageSize,
      boolean sharedStreams, int headHidden, float dropout) {
    this(task, inputs, backbone, widthMultiplier, imageSize, sharedStreams, headHidden, dropout, null);
  }

  public FusionConfig {
    metadata = metadata == null ? MetadataVocabulary.derm7pt() : metadata;
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

  public FusionConfig withMetadata(MetadataVocabulary vocabulary) {
    return new FusionConfig(task, inputs, backbone, widthMultiplier, imageSize, sharedStreams, headHidden, dropout,
        vocabulary);
  }

  /** The stream implementation this configuration names. */
  public Backbone backboneImpl() {
    return Backbones.byName(backbone);
  }

  public boolean pretrained() {
    return backboneImpl().pretrained();
  }
}
