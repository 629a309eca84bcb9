package org.dermmgmt.explain;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.dermmgmt.data.image.BorderCrop;

/**
 * Draws a heat map over the image it explains, as a PNG. The map covers what the model saw: the
 * image less its border crop, squeezed to a square; so it is stretched back over that region, and
 * the cropped border is left uncoloured. Large images are drawn scaled down to {@code maxSide}.
 */
public final class HeatMapOverlay {
  private HeatMapOverlay() {}

  public static BufferedImage draw(BufferedImage image, HeatMap map, int borderCrop, int maxSide) {
    int w = image.getWidth();
    int h = image.getHeight();
    double scale = Math.min(1.0, (double) maxSide / Math.max(w, h));
    int ow = Math.max(1, (int) Math.round(w * scale));
    int oh = Math.max(1, (int) Math.round(h * scale));
    BorderCrop crop = new BorderCrop(borderCrop);
    int mx = crop.marginFor(w);
    int my = crop.marginFor(h);
    BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < oh; y++) {
      double sy = (y + 0.5) / oh * h;
      for (int x = 0; x < ow; x++) {
        double sx = (x + 0.5) / ow * w;
        int rgb = image.getRGB(Math.min((int) sx, w - 1), Math.min((int) sy, h - 1));
        double u = (sx - mx) / (w - 2.0 * mx);
        double v = (sy - my) / (h - 2.0 * my);
        if (u >= 0 && u <= 1 && v >= 0 && v <= 1) {
          rgb = blend(rgb, map.sample(u, v));
        }
        out.setRGB(x, y, rgb);
      }
    }
    return out;
  }

  /** PNG bytes, encoded in memory (ImageIO's default stream may cache through a temporary file). */
  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageIO.write(image, "png", out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode PNG", e);
    }
  }

  /** The pixel mixed with the colour of {@code value}; stronger where the map is higher. */
  private static int blend(int rgb, float value) {
    int[] c = colour(value);
    double a = 0.2 + 0.5 * value;
    int r = (int) Math.round((1 - a) * (rgb >> 16 & 0xff) + a * c[0]);
    int g = (int) Math.round((1 - a) * (rgb >> 8 & 0xff) + a * c[1]);
    int b = (int) Math.round((1 - a) * (rgb & 0xff) + a * c[2]);
    return r << 16 | g << 8 | b;
  }

  /** Blue (0) through cyan, yellow to red (1): the usual "jet"-like ramp. */
  static int[] colour(float value) {
    double t = Math.min(Math.max(value, 0f), 1f);
    double r = clamp(1.5 - Math.abs(4 * t - 3));
    double g = clamp(1.5 - Math.abs(4 * t - 2));
    double b = clamp(1.5 - Math.abs(4 * t - 1));
    return new int[] {(int) (255 * r), (int) (255 * g), (int) (255 * b)};
  }

  private static double clamp(double v) {
    return Math.min(Math.max(v, 0), 1);
  }
}
