package org.dermmgmt.data.image;

import java.util.Arrays;

/**
 * A backbone's input normalisation, part of its preprocessing and recorded with every run:
 * {@code (pixel - mean[c]) / scale[c]} per channel, in RGB or BGR channel order.
 *
 * @param channelOrder {@code RGB} or {@code BGR}: the order of the output planes
 * @param mean per output channel, subtracted first
 * @param scale per output channel, divided by after
 */
public record Normalization(String channelOrder, double[] mean, double[] scale) {

  /** Quantised MobileNetV2: the uint8 zero point 128 and scale 1/128, values in [-1, 127/128]. */
  public static final Normalization MOBILENET =
      new Normalization("RGB", new double[] {128, 128, 128}, new double[] {128, 128, 128});

  /** Keras "caffe" mode (ResNet-50): BGR, ImageNet channel means subtracted, no scaling. */
  public static final Normalization CAFFE =
      new Normalization("BGR", new double[] {103.939, 116.779, 123.68}, new double[] {1, 1, 1});

  public Normalization {
    if (!"RGB".equals(channelOrder) && !"BGR".equals(channelOrder)) {
      throw new IllegalArgumentException("channel order expected RGB or BGR, got " + channelOrder);
    }
    if (mean == null || mean.length != 3 || scale == null || scale.length != 3) {
      throw new IllegalArgumentException("normalisation expects 3 means and 3 scales");
    }
    for (double s : scale) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("normalisation scale expected > 0, got " + s);
      }
    }
    mean = mean.clone();
    scale = scale.clone();
  }

  /** Channel-first float[3*H*W] (CHW) in this normalisation's channel order. */
  public float[] toChw(RgbImage image) {
    int plane = image.width() * image.height();
    byte[] rgb = image.rgb();
    boolean bgr = "BGR".equals(channelOrder);
    float[] out = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      int from = bgr ? 2 - c : c;
      float m = (float) mean[c];
      float s = (float) scale[c];
      int base = c * plane;
      for (int p = 0; p < plane; p++) {
        out[base + p] = ((rgb[3 * p + from] & 0xff) - m) / s;
      }
    }
    return out;
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] scale() {
    return scale.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n
        && channelOrder.equals(n.channelOrder)
        && Arrays.equals(mean, n.mean)
        && Arrays.equals(scale, n.scale);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * channelOrder.hashCode() + Arrays.hashCode(mean)) + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return channelOrder + " mean " + Arrays.toString(mean) + " scale " + Arrays.toString(scale);
  }
}
