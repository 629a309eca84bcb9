package org.dermmgmt.data.image;

/**
 * Resizes to exactly width×height (aspect ratio not kept, as the backbone expects a square).
 * Separable: each axis is area-averaged when it shrinks (every source pixel contributes by its
 * covered fraction, so a 768→224 downscale does not alias) and bilinear when it grows.
 */
public record Resize(int width, int height) implements ImageTransform {
  public Resize {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("resize expected a positive size, got " + width + "x" + height);
    }
  }

  public static Resize square(int size) {
    return new Resize(size, size);
  }

  @Override
  public RgbImage apply(RgbImage image) {
    if (image.width() == width && image.height() == height) {
      return image;
    }
    int w = image.width();
    int h = image.height();
    float[] src = new float[3 * w * h];
    byte[] in = image.rgb();
    for (int i = 0; i < src.length; i++) {
      src[i] = in[i] & 0xff;
    }
    float[] horizontal = resizeAxis(src, w, h, width, true);
    float[] both = resizeAxis(horizontal, width, h, height, false);
    byte[] out = new byte[both.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(both[i])));
    }
    return new RgbImage(width, height, out);
  }

  /** Resizes along x (alongX) or y of a w×h×3 float image to {@code to} samples. */
  private static float[] resizeAxis(float[] src, int w, int h, int to, boolean alongX) {
    int from = alongX ? w : h;
    int outW = alongX ? to : w;
    int outH = alongX ? h : to;
    float[] dst = new float[3 * outW * outH];
    if (from == to) {
      System.arraycopy(src, 0, dst, 0, src.length);
      return dst;
    }
    int lines = alongX ? h : w;
    // Weights depend only on the axis, so compute them once: output i takes source j0..j1.
    int[] first = new int[to];
    float[][] weights = new float[to][];
    double scale = (double) from / to;
    for (int i = 0; i < to; i++) {
      if (to < from) { // area average over [i*scale, (i+1)*scale)
        double a = i * scale;
        double b = a + scale;
        int j0 = (int) Math.floor(a);
        int j1 = Math.min(from - 1, (int) Math.ceil(b) - 1);
        float[] wts = new float[j1 - j0 + 1];
        for (int j = j0; j <= j1; j++) {
          wts[j - j0] = (float) ((Math.min(b, j + 1) - Math.max(a, j)) / scale);
        }
        first[i] = j0;
        weights[i] = wts;
      } else { // bilinear with pixel centres aligned (align_corners=false)
        double x = (i + 0.5) * scale - 0.5;
        x = Math.max(0, Math.min(from - 1, x));
        int j0 = (int) Math.floor(x);
        int j1 = Math.min(from - 1, j0 + 1);
        float t = (float) (x - j0);
        first[i] = j0;
        weights[i] = j1 == j0 ? new float[] {1f} : new float[] {1 - t, t};
      }
    }
    if (!alongX) {
      // Along y, row by row: the same sums in the same order (0 + w0*s0 + w1*s1 ...) as the
      // column walk below would make, but over contiguous rows. A column walk of a decoded photo
      // (several MB of floats) missed the cache on every row and dominated image preparation.
      int row = 3 * w;
      for (int i = 0; i < to; i++) {
        float[] wts = weights[i];
        int d = i * row;
        for (int k = 0; k < wts.length; k++) {
          float wk = wts[k];
          int s = (first[i] + k) * row;
          for (int x = 0; x < row; x++) {
            dst[d + x] += wk * src[s + x];
          }
        }
      }
      return dst;
    }
    for (int line = 0; line < lines; line++) {
      for (int i = 0; i < to; i++) {
        float r = 0;
        float g = 0;
        float b = 0;
        float[] wts = weights[i];
        for (int k = 0; k < wts.length; k++) {
          int j = first[i] + k;
          int s = 3 * (alongX ? line * w + j : j * w + line);
          r += wts[k] * src[s];
          g += wts[k] * src[s + 1];
          b += wts[k] * src[s + 2];
        }
        int d = 3 * (alongX ? line * outW + i : i * outW + line);
        dst[d] = r;
        dst[d + 1] = g;
        dst[d + 2] = b;
      }
    }
    return dst;
  }
}
