package org.dermmgmt.data.image;

import java.util.SplittableRandom;

/** Mirror images; lesions have no preferred orientation, so flips are label-preserving. */
public final class Flip {
  private Flip() {}

  public static RgbImage horizontal(RgbImage im) {
    int w = im.width();
    byte[] src = im.rgb();
    byte[] out = new byte[src.length];
    for (int y = 0; y < im.height(); y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(src, 3 * (y * w + x), out, 3 * (y * w + (w - 1 - x)), 3);
      }
    }
    return new RgbImage(w, im.height(), out);
  }

  public static RgbImage vertical(RgbImage im) {
    int w = im.width();
    int h = im.height();
    byte[] src = im.rgb();
    byte[] out = new byte[src.length];
    for (int y = 0; y < h; y++) {
      System.arraycopy(src, 3 * y * w, out, 3 * (h - 1 - y) * w, 3 * w);
    }
    return new RgbImage(w, h, out);
  }

  /** Flips horizontally with probability {@code p}. */
  public static RandomImageTransform randomHorizontal(double p) {
    return (im, rng) -> rng.nextDouble() < p ? horizontal(im) : im;
  }

  public static RandomImageTransform randomVertical(double p) {
    return (im, rng) -> rng.nextDouble() < p ? vertical(im) : im;
  }
}
