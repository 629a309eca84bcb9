package org.dermmgmt.model.backbone.resnet;

import org.dermmgmt.data.image.RgbImage;

/**
 * Keras' "caffe" input preprocessing, which the ImageNet ResNet-50 weights were trained with
 * (keras.applications.resnet50.preprocess_input): RGB to BGR, then subtract the ImageNet channel
 * means [103.939, 116.779, 123.68] in B, G, R order; no scaling, so values lie in about
 * [-124, 152]. The counterpart of {@link org.dermmgmt.data.image.Normalize} ((p - 128) / 128) for
 * MobileNetV2.
 */
public final class CaffePreprocessing {
  /** Means of the B, G, R channels (output channels 0, 1, 2). */
  public static final float[] BGR_MEANS = {103.939f, 116.779f, 123.68f};

  private CaffePreprocessing() {}

  /** Channel-first float[3*H*W] (CHW), channels B, G, R, of an 8-bit RGB image. */
  public static float[] toChw(RgbImage image) {
    int plane = image.width() * image.height();
    byte[] rgb = image.rgb();
    float[] out = new float[3 * plane];
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        // Output channel c (B, G, R) reads input channel 2 - c (R, G, B).
        out[c * plane + p] = (rgb[3 * p + 2 - c] & 0xff) - BGR_MEANS[c];
      }
    }
    return out;
  }

  /** The same for float RGB pixels in [0, 255], HWC (e.g. a bilinear resize's output). */
  public static float[] fromRgbHwc(float[] hwc, int width, int height) {
    int plane = width * height;
    if (hwc.length != 3 * plane) {
      throw new IllegalArgumentException(
          "expected " + 3 * plane + " values for " + width + "x" + height + " RGB, got " + hwc.length);
    }
    float[] out = new float[3 * plane];
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        out[c * plane + p] = hwc[3 * p + 2 - c] - BGR_MEANS[c];
      }
    }
    return out;
  }
}
