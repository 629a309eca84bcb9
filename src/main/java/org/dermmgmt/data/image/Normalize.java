package org.dermmgmt.data.image;

/**
 * The backbone's input normalisation: (pixel − 128) / 128, the uint8 zero point 128 and scale
 * 1/128 of the quantised MobileNetV2 (shared/README.md), so values lie in [−1, 127/128].
 */
public final class Normalize {
  private Normalize() {}

  /** Channel-first float[3*H*W] (CHW), channels R, G, B. */
  public static float[] toChw(RgbImage image) {
    int plane = image.width() * image.height();
    byte[] rgb = image.rgb();
    float[] out = new float[3 * plane];
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        out[c * plane + p] = ((rgb[3 * p + c] & 0xff) - 128) / 128f;
      }
    }
    return out;
  }
}
