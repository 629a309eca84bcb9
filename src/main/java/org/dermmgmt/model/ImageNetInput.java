package org.dermmgmt.model;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.image.ImageDecoder;

/**
 * Minimal ImageNet input for checking the pretrained backbone (CLI check, import test): the
 * largest centred square of a photo, resized to size x size the way TensorFlow does it, as CHW
 * floats {@code (p - 128) / 128} as the TFLite model expects. The training pipeline has its own
 * image code; this exists so the backbone can be checked alone.
 *
 * <p>The resize is exactly TensorFlow's {@code tf.image.resize(x, size, "bilinear")} (half-pixel
 * centres, no antialiasing, float output): each output pixel interpolates the 2x2 source pixels
 * around {@code (o + 0.5) * in / out - 0.5}. This is the resize the network was trained and
 * evaluated with, and the classifier is sensitive to it: on darknet's dog.jpg the same centre
 * square gives malamute 0.743 with this resize but 0.39 with PIL's (area-averaging) bilinear, and
 * squashing the whole 768x576 photo without a crop gives German shepherd 0.17-0.26 (checked
 * against TensorFlow 2.21 and its TFLite interpreter).
 */
public final class ImageNetInput {
  private ImageNetInput() {}

  /** Any image the pipeline reads (JPEG, PNG, DICOM), upright, refused by name when unusable. */
  public static BufferedImage read(Path file) {
    return ImageDecoder.decode(file).toBufferedImage();
  }

  /** The largest centred square, {x, y, side}; odd leftovers go to the right/bottom. */
  static int[] centerSquare(int width, int height) {
    int side = Math.min(width, height);
    return new int[] {(width - side) / 2, (height - side) / 2, side};
  }

  /**
   * Bilinear resize of the region (x0, y0, w, h) of an image to outW x outH, with TensorFlow's
   * half-pixel-centre, non-antialiased semantics. Returns float RGB in [0, 255], HWC.
   */
  static float[] resizeBilinear(
      BufferedImage src, int x0, int y0, int w, int h, int outW, int outH) {
    int[] rgb = src.getRGB(x0, y0, w, h, null, 0, w);
    int[] xLo = new int[outW];
    int[] xHi = new int[outW];
    float[] xFrac = new float[outW];
    weights(w, outW, xLo, xHi, xFrac);
    int[] yLo = new int[outH];
    int[] yHi = new int[outH];
    float[] yFrac = new float[outH];
    weights(h, outH, yLo, yHi, yFrac);
    float[] out = new float[outW * outH * 3];
    for (int y = 0; y < outH; y++) {
      int top = yLo[y] * w;
      int bottom = yHi[y] * w;
      float fy = yFrac[y];
      for (int x = 0; x < outW; x++) {
        float fx = xFrac[x];
        int tl = rgb[top + xLo[x]];
        int tr = rgb[top + xHi[x]];
        int bl = rgb[bottom + xLo[x]];
        int br = rgb[bottom + xHi[x]];
        for (int c = 0; c < 3; c++) {
          int shift = 16 - 8 * c;
          float t = channel(tl, shift) + (channel(tr, shift) - channel(tl, shift)) * fx;
          float b = channel(bl, shift) + (channel(br, shift) - channel(bl, shift)) * fx;
          out[(y * outW + x) * 3 + c] = t + (b - t) * fy;
        }
      }
    }
    return out;
  }

  private static float channel(int rgb, int shift) {
    return (rgb >> shift) & 0xFF;
  }

  /** TensorFlow's compute_interpolation_weights with the half-pixel scaler. */
  private static void weights(int in, int out, int[] lo, int[] hi, float[] frac) {
    float scale = (float) in / out;
    for (int i = 0; i < out; i++) {
      float s = (i + 0.5f) * scale - 0.5f;
      int floor = (int) Math.floor(s);
      lo[i] = Math.max(floor, 0);
      hi[i] = Math.min((int) Math.ceil(s), in - 1);
      frac[i] = s - floor;
    }
  }

  /**
   * The image's centred square resized to size x size as float RGB in [0, 255], HWC, before any
   * backbone's normalisation (ResNet-50 applies its own, {@code CaffePreprocessing}).
   */
  public static float[] squareRgb(BufferedImage image, int size) {
    int[] sq = centerSquare(image.getWidth(), image.getHeight());
    return resizeBilinear(image, sq[0], sq[1], sq[2], sq[2], size, size);
  }

  /** CHW floats in [-1, 1) of the image's centred square resized to size x size. */
  public static float[] chw(BufferedImage image, int size) {
    float[] hwc = squareRgb(image, size);
    int plane = size * size;
    float[] out = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < 3; c++) {
        out[c * plane + i] = (hwc[i * 3 + c] - 128f) / 128f;
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
