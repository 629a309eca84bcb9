package org.dermmgmt.model;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dermmgmt.UserInputException;

/**
 * Minimal ImageNet input for checking the pretrained backbone (CLI check, import test): a photo
 * squashed to size x size, CHW floats {@code (p - 128) / 128} as the TFLite model expects. The
 * training pipeline has its own image code; this exists so the backbone can be checked alone.
 */
public final class ImageNetInput {
  private ImageNetInput() {}

  public static BufferedImage read(Path file) {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UserInputException("cannot read image " + file + ": " + e.getMessage(), e);
    }
    if (img == null) {
      throw new UserInputException(
          "cannot read image " + file + ": not a format ImageIO knows (expected JPEG or PNG)");
    }
    return img;
  }

  /** Resizes (bilinear, in steps of at most 2x so that big downscales average rather than alias). */
  public static BufferedImage resize(BufferedImage src, int width, int height) {
    BufferedImage cur = src;
    int w = src.getWidth();
    int h = src.getHeight();
    do {
      w = w / 2 >= width ? w / 2 : width;
      h = h / 2 >= height ? h / 2 : height;
      BufferedImage next = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = next.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(cur, 0, 0, w, h, null);
      } finally {
        g.dispose();
      }
      cur = next;
    } while (w != width || h != height);
    return cur;
  }

  /** CHW floats in [-1, 1) of the image resized to size x size. */
  public static float[] chw(BufferedImage image, int size) {
    BufferedImage img = resize(image, size, size);
    int plane = size * size;
    float[] out = new float[3 * plane];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int rgb = img.getRGB(x, y);
        int i = y * size + x;
        out[i] = (((rgb >> 16) & 0xFF) - 128) / 128f;
        out[plane + i] = (((rgb >> 8) & 0xFF) - 128) / 128f;
        out[2 * plane + i] = ((rgb & 0xFF) - 128) / 128f;
      }
    }
    return out;
  }

  /** The 1001 labels (index 0 = background), one per line. */
  public static List<String> labels(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UserInputException("cannot read labels " + file + ": " + e.getMessage(), e);
    }
  }
}
