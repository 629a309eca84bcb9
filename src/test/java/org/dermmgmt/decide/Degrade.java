package org.dermmgmt.decide;

import java.util.Random;
import org.dermmgmt.data.image.Resize;
import org.dermmgmt.data.image.RgbImage;

/** Degraded copies of an image, each with a known, documented damage, for the quality-gate tests. */
final class Degrade {
  private Degrade() {}

  /** Area-downscaled by {@code factor} on both sides. */
  static RgbImage downscale(RgbImage img, int factor) {
    return new Resize(Math.max(1, img.width() / factor), Math.max(1, img.height() / factor))
        .apply(img);
  }

  /** Every channel multiplied by {@code gain} and clipped to 0..255 (gain < 1 darkens). */
  static RgbImage gain(RgbImage img, double gain) {
    return channelGain(img, gain, gain, gain);
  }

  /** Each channel multiplied by its own gain (a white-balance error), clipped to 0..255. */
  static RgbImage channelGain(RgbImage img, double r, double g, double b) {
    byte[] in = img.rgb();
    byte[] out = new byte[in.length];
    double[] k = {r, g, b};
    for (int i = 0; i < in.length; i++) {
      out[i] = (byte) Math.min(255, (int) Math.round((in[i] & 0xff) * k[i % 3]));
    }
    return new RgbImage(img.width(), img.height(), out);
  }

  /** Separable Gaussian blur with standard deviation {@code sigma} pixels (kernel ±3σ, edges clamped). */
  static RgbImage gaussianBlur(RgbImage img, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    int w = img.width();
    int h = img.height();
    double[] src = new double[3 * w * h];
    for (int i = 0; i < src.length; i++) {
      src[i] = img.rgb()[i] & 0xff;
    }
    double[] tmp = new double[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double s = 0;
          for (int j = -radius; j <= radius; j++) {
            int xx = Math.max(0, Math.min(w - 1, x + j));
            s += k[j + radius] * src[3 * (y * w + xx) + c];
          }
          tmp[3 * (y * w + x) + c] = s;
        }
      }
    }
    byte[] out = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          double s = 0;
          for (int j = -radius; j <= radius; j++) {
            int yy = Math.max(0, Math.min(h - 1, y + j));
            s += k[j + radius] * tmp[3 * (yy * w + x) + c];
          }
          out[3 * (y * w + x) + c] = (byte) Math.max(0, Math.min(255, Math.round(s)));
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  /**
   * A photo of grey paper: level 190 with a 16-level illumination fall-off across the frame and
   * Gaussian sensor noise of σ 3 (seeded), the same in all channels.
   */
  static RgbImage greyPaper(int w, int h, long seed) {
    Random rnd = new Random(seed);
    byte[] out = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = 190 - 16.0 * (x + y) / (w + h) + 3 * rnd.nextGaussian();
        byte b = (byte) Math.max(0, Math.min(255, Math.round(v)));
        out[3 * (y * w + x)] = b;
        out[3 * (y * w + x) + 1] = b;
        out[3 * (y * w + x) + 2] = b;
      }
    }
    return new RgbImage(w, h, out);
  }

  /**
   * A synthetic skin photo for tests without the real data: skin-coloured background with
   * radial shading, a coarse skin pattern (wavelengths of 40-80 px, which a blur keeps), fine
   * seeded grain (which a blur removes) and a dark-brown lesion with a sharp border.
   */
  static RgbImage syntheticSkin(int w, int h, long seed) {
    Random rnd = new Random(seed);
    byte[] out = new byte[3 * w * h];
    double cx = w * 0.5;
    double cy = h * 0.5;
    double radius = Math.min(w, h) * 0.22;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double shade = 1 - 0.15 * Math.hypot(x - cx, y - cy) / Math.hypot(cx, cy);
        double tex = 10 * Math.sin(x / 7.0) * Math.cos(y / 9.0) + 6 * Math.sin((x + y) / 13.0)
            + 8 * rnd.nextGaussian();
        boolean lesion = Math.hypot(x - cx, (y - cy) * 1.2) < radius;
        double r = (lesion ? 110 : 215) * shade + tex;
        double g = (lesion ? 70 : 165) * shade + tex;
        double b = (lesion ? 50 : 140) * shade + tex;
        int i = 3 * (y * w + x);
        out[i] = clamp(r);
        out[i + 1] = clamp(g);
        out[i + 2] = clamp(b);
      }
    }
    return new RgbImage(w, h, out);
  }

  private static byte clamp(double v) {
    return (byte) Math.max(0, Math.min(255, Math.round(v)));
  }
}
