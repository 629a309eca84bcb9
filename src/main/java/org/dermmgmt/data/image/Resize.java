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
    float[] horizontal = w == width ? toFloats(image.rgb()) : resizeRows(image.rgb(), w, h, width);
    float[] both = resizeColumns(horizontal, width, h, height);
    byte[] out = new byte[both.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) round(both[i]);
    }
    return new RgbImage(width, height, out);
  }

  private static float[] toFloats(byte[] in) {
    float[] f = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      f[i] = in[i] & 0xff;
    }
    return f;
  }

  /**
   * {@code Math.max(0, Math.min(255, Math.round(v)))} without Math.round's general-case bit work:
   * the integer part, plus one when the fraction ({@code v - (int) v}, exact in this range) is at
   * least a half, ties up as Math.round.
   */
  static int round(float v) {
    if (!(v > 0f)) {
      return 0; // also NaN, as Math.round
    }
    if (v >= 255f) {
      return 255;
    }
    int r = (int) v;
    return v - r >= 0.5f ? r + 1 : r;
  }

  /**
   * The resize along x, straight from the bytes (each byte read as the float it would have
   * been converted to first: the same sums), so the source is not copied into floats first.
   */
  private static float[] resizeRows(byte[] src, int w, int h, int to) {
    float[] dst = new float[3 * to * h];
    Taps taps = Taps.of(w, to);
    for (int line = 0; line < h; line++) {
      int row = 3 * line * w;
      int outRow = 3 * line * to;
      for (int i = 0; i < to; i++) {
        float r = 0;
        float g = 0;
        float b = 0;
        float[] wts = taps.weights[i];
        int s = row + 3 * taps.first[i];
        for (int k = 0; k < wts.length; k++, s += 3) {
          r += wts[k] * (src[s] & 0xff);
          g += wts[k] * (src[s + 1] & 0xff);
          b += wts[k] * (src[s + 2] & 0xff);
        }
        int d = outRow + 3 * i;
        dst[d] = r;
        dst[d + 1] = g;
        dst[d + 2] = b;
      }
    }
    return dst;
  }

  /** Which source samples each output sample of one axis takes, and by how much: output i takes source first[i]... */
  private record Taps(int[] first, float[][] weights) {
    static Taps of(int from, int to) {
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
      return new Taps(first, weights);
    }
  }

  /**
   * Resizes a w×h×3 float image along y to {@code to} rows, row by row: for every output value the
   * same sum in the same order as a walk down each column (0 + w0*s0 + w1*s1 ...), over contiguous
   * rows; a column walk of a decoded photo (MBs of floats) missed the cache on every row.
   */
  private static float[] resizeColumns(float[] src, int w, int h, int to) {
    if (h == to) {
      return src;
    }
    float[] dst = new float[3 * w * to];
    Taps taps = Taps.of(h, to);
    int row = 3 * w;
    for (int i = 0; i < to; i++) {
      float[] wts = taps.weights[i];
      int d = i * row;
      for (int k = 0; k < wts.length; k++) {
        float wk = wts[k];
        int s = (taps.first[i] + k) * row;
        for (int x = 0; x < row; x++) {
          dst[d + x] += wk * src[s + x];
        }
      }
    }
    return dst;
  }
}
