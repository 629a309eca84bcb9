package org.dermmgmt.data.image;

/**
 * Removes a fixed margin from every side, as the Derm7pt loader does ({@code crop_amount=25})
 * because some images have a black border. On small images the margin shrinks so that no more
 * than 10% of the width or height goes from each side; 0 disables the crop.
 */
public record BorderCrop(int pixels) implements ImageTransform {
  public static final int DEFAULT_PIXELS = 25;
  private static final double MAX_FRACTION_PER_SIDE = 0.10;

  public BorderCrop {
    if (pixels < 0) {
      throw new IllegalArgumentException("border crop expected >= 0 pixels, got " + pixels);
    }
  }

  /** The margin actually removed from each side of an axis of length {@code size}. */
  public int marginFor(int size) {
    return Math.min(pixels, (int) Math.floor(size * MAX_FRACTION_PER_SIDE));
  }

  @Override
  public RgbImage apply(RgbImage image) {
    int mx = marginFor(image.width());
    int my = marginFor(image.height());
    if (mx == 0 && my == 0) {
      return image;
    }
    return image.crop(mx, my, image.width() - 2 * mx, image.height() - 2 * my);
  }
}
