package org.dermmgmt.data.image;

/** Rotations by multiples of 90°: exact pixel permutations, no interpolation. */
public final class Rotate90 {
  private Rotate90() {}

  /** Rotates clockwise by {@code quarterTurns} × 90°; width and height swap on odd turns. */
  public static RgbImage clockwise(RgbImage im, int quarterTurns) {
    int turns = Math.floorMod(quarterTurns, 4);
    RgbImage out = im;
    for (int t = 0; t < turns; t++) {
      out = clockwiseOnce(out);
    }
    return out;
  }

  /** Uniform choice among 0, 90, 180 and 270 degrees. */
  public static RandomImageTransform random() {
    return (im, rng) -> clockwise(im, rng.nextInt(4));
  }

  private static RgbImage clockwiseOnce(RgbImage im) {
    int w = im.width();
    int h = im.height();
    byte[] src = im.rgb();
    byte[] out = new byte[src.length];
    // Source (x, y) goes to (h - 1 - y, x) in the h-wide output.
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(src, 3 * (y * w + x), out, 3 * (x * h + (h - 1 - y)), 3);
      }
    }
    return new RgbImage(h, w, out);
  }
}
