package org.dermmgmt.model;

import org.dermmgmt.data.image.Augmentation;
import org.dermmgmt.data.image.ColorConstancy;
import org.dermmgmt.data.image.ImagePipeline;
import org.dermmgmt.data.image.Normalization;

/**
 * How images are prepared for a model; saved with the model because a model must see at
 * prediction time exactly the preprocessing (and test-time augmentation) it was trained with.
 * Runs written before normalisation and augmentation were recorded read back with the values
 * they were made with: MobileNetV2's normalisation and the augmentation defaults of the time.
 *
 * @param imageSize square size each image is resized to
 * @param borderCrop pixels cropped from every border first (Derm7pt images have black borders)
 * @param normalization the backbone's input normalisation
 * @param augmentation training (and test-time view) augmentation ranges
 * @param colorConstancy colour constancy of each photo (none in runs written before it existed)
 */
public record Preprocessing(
    int imageSize, int borderCrop, Normalization normalization, Augmentation augmentation,
    ColorConstancy colorConstancy) {

  public Preprocessing {
    normalization = normalization == null ? Normalization.MOBILENET : normalization;
    augmentation = augmentation == null ? Augmentation.defaults() : augmentation;
    colorConstancy = colorConstancy == null ? ColorConstancy.NONE : colorConstancy;
  }

  public Preprocessing(int imageSize, int borderCrop, Normalization normalization, Augmentation augmentation) {
    this(imageSize, borderCrop, normalization, augmentation, null);
  }

  public Preprocessing(int imageSize, int borderCrop) {
    this(imageSize, borderCrop, null, null, null);
  }

  public ImagePipeline.Builder pipeline() {
    return ImagePipeline.builder()
        .setSize(imageSize)
        .optBorderCrop(borderCrop)
        .optNormalization(normalization)
        .optAugmentation(augmentation)
        .optColorConstancy(colorConstancy);
  }

  /** A short stable text of everything that changes the pixels a backbone sees (cache keys). */
  public String fingerprint() {
    // Without colour constancy the hash is the one written before it existed: caches stay valid.
    int hash = colorConstancy == ColorConstancy.NONE
        ? java.util.Objects.hash(imageSize, borderCrop, normalization, augmentation)
        : java.util.Objects.hash(imageSize, borderCrop, normalization, augmentation, colorConstancy.label());
    return Integer.toHexString(hash);
  }
}
