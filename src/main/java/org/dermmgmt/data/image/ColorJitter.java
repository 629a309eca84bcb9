package org.dermmgmt.data.image;

import java.util.SplittableRandom;

/**
 * Random brightness, contrast and saturation, each a factor drawn uniformly from
 * [1 − amount, 1 + amount] and applied in that fixed order (torchvision's formulas). Written by
 * hand because DJL's ColorJitter throws on the PyTorch engine; it works on bytes, not NDArrays.
 */
public record ColorJitter(double brightness, double contrast, double saturation)
    implements RandomImageTransform {

  public ColorJitter {
    for (double a : new double[] {brightness, contrast, saturation}) {
      if (a < 0 || a >= 1) {
        throw new IllegalArgumentException("jitter amounts expected in [0, 1), got " + a);
      }
    }
  }

  @Override
  public RgbImage apply(RgbImage image, SplittableRandom rng) {
    float b = factor(rng, brightness);
    float c = factor(rng, contrast);
    float s = factor(rng, saturation);
    return apply(image, b, c, s);
  }

  /** Applies fixed factors (1 = unchanged). */
  public static RgbImage apply(RgbImage image, float brightness, float contrast, float saturation) {
    byte[] src = image.rgb();
    float[] px = new float[src.length];
    for (int i = 0; i < src.length; i++) {
      px[i] = clamp((src[i] & 0xff) * brightness);
    }
    if (contrast != 1f) {
      double sum = 0;
      for (int i = 0; i < px.length; i += 3) {
        sum += gray(px, i);
      }
      float mean = (float) (sum / (px.length / 3));
      for (int i = 0; i < px.length; i++) {
        px[i] = clamp(mean + contrast * (px[i] - mean));
      }
    }
    if (saturation != 1f) {
      for (int i = 0; i < px.length; i += 3) {
        float g = gray(px, i);
        for (int k = 0; k < 3; k++) {
          px[i + k] = clamp(g + saturation * (px[i + k] - g));
        }
      }
    }
    byte[] out = new byte[src.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Math.round(px[i]);
    }
    return new RgbImage(image.width(), image.height(), out);
  }

  private static float factor(SplittableRandom rng, double amount) {
    return amount == 0 ? 1f : (float) (1 - amount + 2 * amount * rng.nextDouble());
  }

  /** ITU-R 601 luma, as torchvision's rgb_to_grayscale. */
  private static float gray(float[] px, int i) {
    return 0.299f * px[i] + 0.587f * px[i + 1] + 0.114f * px[i + 2];
  }

  private static float clamp(float v) {
    return Math.max(0f, Math.min(255f, v));
  }
}
