package org.dermmgmt.data.image;

import java.util.Locale;

/**
 * Colour constancy before a photo is cropped into views: dermoscopes and cameras light a lesion in
 * different colours, and a network trained on one light reads the colour cast of another as
 * part of the lesion. {@link #SHADES_OF_GRAY} is Finlayson and Trezzi's estimate (2004): the
 * light's colour is each channel's Minkowski p-norm mean (p = 6, between grey world at p = 1 and
 * max-RGB at infinity), and each channel is scaled so that the light becomes grey — the
 * preprocessing of the ISIC 2018-2019 winners (Barata et al.'s comparison: a consistent gain).
 * Deterministic; applied once to the cached base image.
 */
public enum ColorConstancy implements ImageTransform {
  NONE {
    @Override
    public RgbImage apply(RgbImage image) {
      return image;
    }
  },
  SHADES_OF_GRAY {
    @Override
    public RgbImage apply(RgbImage image) {
      double[] light = illuminant(image, POWER);
      double norm = Math.sqrt(light[0] * light[0] + light[1] * light[1] + light[2] * light[2]);
      if (norm == 0) {
        return image; // all black: nothing to correct
      }
      // Scale so that the estimated light becomes (1, 1, 1)/sqrt(3) of its length: grey.
      float[] gain = new float[3];
      for (int c = 0; c < 3; c++) {
        gain[c] = light[c] == 0 ? 1f : (float) (norm / (Math.sqrt(3) * light[c]));
      }
      byte[] in = image.rgb();
      byte[] out = new byte[in.length];
      for (int i = 0; i < in.length; i += 3) {
        for (int c = 0; c < 3; c++) {
          out[i + c] = (byte) Resize.round((in[i + c] & 0xff) * gain[c]);
        }
      }
      return new RgbImage(image.width(), image.height(), out);
    }
  };

  /** Minkowski norm of the shades-of-grey estimate. */
  public static final int POWER = 6;

  /** Each channel's p-norm mean, (mean of v^p)^(1/p), on 0..255 values. */
  static double[] illuminant(RgbImage image, int p) {
    double[] sum = new double[3];
    double[] pow = new double[256];
    for (int v = 0; v < 256; v++) {
      pow[v] = Math.pow(v / 255.0, p);
    }
    byte[] rgb = image.rgb();
    for (int i = 0; i < rgb.length; i += 3) {
      sum[0] += pow[rgb[i] & 0xff];
      sum[1] += pow[rgb[i + 1] & 0xff];
      sum[2] += pow[rgb[i + 2] & 0xff];
    }
    int n = image.width() * image.height();
    return new double[] {
      255 * Math.pow(sum[0] / n, 1.0 / p), 255 * Math.pow(sum[1] / n, 1.0 / p), 255 * Math.pow(sum[2] / n, 1.0 / p)
    };
  }

  /** The option's name: none or shades-of-gray. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** {@code none} or {@code shades-of-gray} (null means none); anything else is refused naming the option. */
  public static ColorConstancy parse(String value) {
    if (value == null) {
      return NONE;
    }
    for (ColorConstancy c : values()) {
      if (c.label().equalsIgnoreCase(value.trim())) {
        return c;
      }
    }
    throw new org.dermmgmt.UserInputException(
        "--color-constancy: expected none or shades-of-gray, got '" + value + "'");
  }
}
