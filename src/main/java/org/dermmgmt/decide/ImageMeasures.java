package org.dermmgmt.decide;

import org.dermmgmt.data.image.Resize;
import org.dermmgmt.data.image.RgbImage;

/**
 * The numbers the {@link QualityGate} judges an image by. Everything except the size is measured
 * on a copy area-averaged to {@value #WORK_SIDE} pixels on its longest side, so the values do not
 * depend on the camera's resolution (Derm7pt mixes 768-pixel and larger images) and JPEG noise is
 * averaged away before the blur and uniformity measures see it.
 *
 * @param width original width in pixels
 * @param height original height in pixels
 * @param meanLuma mean Rec.601 luma Y = 0.299R + 0.587G + 0.114B, 0..255
 * @param clippedFraction fraction of pixels with Y ≥ {@value #CLIPPED_LUMA} (blown highlights)
 * @param contrast standard deviation of Y
 * @param sharpness variance of the 4-neighbour Laplacian of Y
 * @param flatFraction fraction of {@value #BLOCK}×{@value #BLOCK} blocks whose Y standard
 *     deviation is below {@value #FLAT_STD}
 * @param cast hue deviation of the mean colour: the CIELAB chroma of the mean colour that points
 *     away from the skin sector (see {@link #castOf})
 * @param meanA mean CIELAB a* (green − / red +)
 * @param meanB mean CIELAB b* (blue − / yellow +)
 */
public record ImageMeasures(
    int width,
    int height,
    double meanLuma,
    double clippedFraction,
    double contrast,
    double sharpness,
    double flatFraction,
    double cast,
    double meanA,
    double meanB) {

  public static final int WORK_SIDE = 256;
  public static final int CLIPPED_LUMA = 250;
  public static final int BLOCK = 8;
  public static final double FLAT_STD = 2.0;

  public int minSide() {
    return Math.min(width, height);
  }

  public static ImageMeasures of(RgbImage image) {
    RgbImage small = downscale(image);
    int w = small.width();
    int h = small.height();
    int n = w * h;
    double[] y = new double[n];
    double sumY = 0;
    double sumY2 = 0;
    int clipped = 0;
    double sumR = 0;
    double sumG = 0;
    double sumB = 0;
    byte[] rgb = small.rgb();
    for (int i = 0; i < n; i++) {
      int r = rgb[3 * i] & 0xff;
      int g = rgb[3 * i + 1] & 0xff;
      int b = rgb[3 * i + 2] & 0xff;
      double v = 0.299 * r + 0.587 * g + 0.114 * b;
      y[i] = v;
      sumY += v;
      sumY2 += v * v;
      clipped += v >= CLIPPED_LUMA ? 1 : 0;
      sumR += r;
      sumG += g;
      sumB += b;
    }
    double mean = sumY / n;
    double contrast = Math.sqrt(Math.max(0, sumY2 / n - mean * mean));
    double[] lab = Cielab.of(sumR / n, sumG / n, sumB / n);
    return new ImageMeasures(
        image.width(),
        image.height(),
        mean,
        (double) clipped / n,
        contrast,
        laplacianVariance(y, w, h),
        flatFraction(y, w, h),
        castOf(lab[1], lab[2]),
        lab[1],
        lab[2]);
  }

  /** Area-averaged copy with the longest side {@value #WORK_SIDE}; smaller images are kept. */
  static RgbImage downscale(RgbImage image) {
    int longest = Math.max(image.width(), image.height());
    if (longest <= WORK_SIDE) {
      return image;
    }
    double s = (double) WORK_SIDE / longest;
    int w = Math.max(1, (int) Math.round(image.width() * s));
    int h = Math.max(1, (int) Math.round(image.height() * s));
    return new Resize(w, h).apply(image);
  }

  /** Variance of L = y(x−1) + y(x+1) + y(y−1) + y(y+1) − 4y over the interior pixels. */
  static double laplacianVariance(double[] y, int w, int h) {
    if (w < 3 || h < 3) {
      return 0;
    }
    double s = 0;
    double s2 = 0;
    int n = 0;
    for (int r = 1; r < h - 1; r++) {
      for (int c = 1; c < w - 1; c++) {
        int i = r * w + c;
        double l = y[i - 1] + y[i + 1] + y[i - w] + y[i + w] - 4 * y[i];
        s += l;
        s2 += l * l;
        n++;
      }
    }
    double m = s / n;
    return Math.max(0, s2 / n - m * m);
  }

  /** Fraction of whole BLOCK×BLOCK blocks whose standard deviation of y is below FLAT_STD. */
  static double flatFraction(double[] y, int w, int h) {
    int blocks = 0;
    int flat = 0;
    for (int r0 = 0; r0 + BLOCK <= h; r0 += BLOCK) {
      for (int c0 = 0; c0 + BLOCK <= w; c0 += BLOCK) {
        double s = 0;
        double s2 = 0;
        for (int r = r0; r < r0 + BLOCK; r++) {
          for (int c = c0; c < c0 + BLOCK; c++) {
            double v = y[r * w + c];
            s += v;
            s2 += v * v;
          }
        }
        int n = BLOCK * BLOCK;
        double m = s / n;
        blocks++;
        flat += Math.sqrt(Math.max(0, s2 / n - m * m)) < FLAT_STD ? 1 : 0;
      }
    }
    return blocks == 0 ? 1.0 : (double) flat / blocks;
  }

  /**
   * Chroma of the mean colour outside the skin sector. Skin, lesions and the red-brown of
   * dermoscopy lie where a* ≥ 0 and b* ≥ 0 (red-yellow) in CIELAB; a camera's colour cast pulls the
   * mean colour towards green (a* &lt; 0) or blue (b* &lt; 0). The value is the length of the part
   * of (a*, b*) that is negative: 0 for any red-yellow mean, growing with a green or blue cast.
   */
  static double castOf(double a, double b) {
    double na = Math.min(0, a);
    double nb = Math.min(0, b);
    return Math.sqrt(na * na + nb * nb);
  }
}
