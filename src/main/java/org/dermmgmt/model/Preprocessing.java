package org.dermmgmt.model;

import org.dermmgmt.data.image.Augmentation;
import org.dermmgmt.data.image.ImagePipeline;

/**
 * How images are prepared for a model; saved with the model because a model must see at
 * prediction time exactly the preprocessing it was trained with.
 *
 * @param imageSize square size each image is resized to
 * @param borderCrop pixels cropped from every border first (Derm7pt images have black borders)
 */
public record Preprocessing(int imageSize, int borderCrop) {

  public ImagePipeline.Builder pipeline() {
    return ImagePipeline.builder()
        .setSize(imageSize)
        .optBorderCrop(borderCrop)
        .optAugmentation(Augmentation.defaults());
  }
}
