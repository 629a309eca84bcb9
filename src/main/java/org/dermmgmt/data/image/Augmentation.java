package org.dermmgmt.data.image;

/**
 * The ranges of the training augmentation. {@link #none()} makes training equal to evaluation.
 *
 * @param minScale smallest fraction of the image area a random resized crop keeps
 * @param maxScale largest fraction (1 and minScale 1: no crop, a plain resize)
 * @param minRatio smallest width/height ratio of the crop (sampled log-uniformly)
 * @param maxRatio largest width/height ratio of the crop
 * @param flipProbability probability of each of the horizontal and vertical flips
 * @param rotate90 whether to rotate by a random multiple of 90°
 * @param brightness brightness factor range 1 ± brightness
 * @param contrast contrast factor range 1 ± contrast
 * @param saturation saturation factor range 1 ± saturation
 */
public record Augmentation(
    double minScale,
    double maxScale,
    double minRatio,
    double maxRatio,
    double flipProbability,
    boolean rotate90,
    double brightness,
    double contrast,
    double saturation) {

  /**
   * Moderate defaults for a small data set: crops keep at least 60% of the area (a lesion fills
   * most of a Derm7pt image, so smaller crops can cut it out), all flips and rotations (lesions
   * have no orientation), light colour jitter (colour is diagnostic, so only ±20%/±20%/±10%).
   */
  public static Augmentation defaults() {
    return new Augmentation(0.6, 1.0, 3.0 / 4, 4.0 / 3, 0.5, true, 0.2, 0.2, 0.1);
  }

  public static Augmentation none() {
    return new Augmentation(1.0, 1.0, 1.0, 1.0, 0.0, false, 0, 0, 0);
  }
}
