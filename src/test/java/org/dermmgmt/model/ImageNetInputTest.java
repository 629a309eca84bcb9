package org.dermmgmt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * The check-input resize must be TensorFlow's {@code tf.image.resize(..., "bilinear")}: the
 * pretrained classifier's top-1 on the darknet photos depends on it. Expected values were
 * computed with TensorFlow 2.21.
 */
class ImageNetInputTest {
  /** A grey image (R = G = B = value) of the given pixel values, row-major. */
  private static BufferedImage grey(int width, int height, int... values) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = values[y * width + x];
        img.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    return img;
  }

  private static float[] red(float[] hwc) {
    float[] out = new float[hwc.length / 3];
    for (int i = 0; i < out.length; i++) {
      out[i] = hwc[3 * i];
    }
    return out;
  }

  @Test
  void centreSquareOfTheDarknetPhotoSizes() {
    assertThat(ImageNetInput.centerSquare(768, 576)).containsExactly(96, 0, 576);
    assertThat(ImageNetInput.centerSquare(773, 512)).containsExactly(130, 0, 512);
    assertThat(ImageNetInput.centerSquare(3, 6)).containsExactly(0, 1, 3);
  }

  @Test
  void upscaleUsesHalfPixelCentresAndClampsAtTheBorder() {
    // tf.image.resize([[0, 100]], (1, 4), "bilinear") == [0, 25, 75, 100]
    float[] out = red(ImageNetInput.resizeBilinear(grey(2, 1, 0, 100), 0, 0, 2, 1, 4, 1));
    assertThat(out).containsExactly(new float[] {0, 25, 75, 100}, within(1e-4f));
  }

  @Test
  void downscaleSamplesTwoPixelsWithoutAntialiasing() {
    // tf.image.resize([[0, 40, 80, 200]], (1, 2), "bilinear") == [20, 140]
    float[] out = red(ImageNetInput.resizeBilinear(grey(4, 1, 0, 40, 80, 200), 0, 0, 4, 1, 2, 1));
    assertThat(out).containsExactly(new float[] {20, 140}, within(1e-4f));
  }

  @Test
  void nonIntegerScaleInBothAxesMatchesTensorFlow() {
    int[] v = new int[30];
    for (int i = 0; i < v.length; i++) {
      v[i] = 8 * i;
    }
    // tf.image.resize(arange(30).reshape(5, 6, 1) * 8, (3, 4), "bilinear")
    float[] out = red(ImageNetInput.resizeBilinear(grey(6, 5, v), 0, 0, 6, 5, 4, 3));
    assertThat(out)
        .containsExactly(
            new float[] {18, 30, 42, 54, 98, 110, 122, 134, 178, 190, 202, 214}, within(1e-3f));
  }

  @Test
  void chwCropsTheCentreAndScalesToMinusOneOne() {
    // 4x2: the centre square is columns 1..2 (values 128 and 255); resized to 1x1 it samples
    // their midpoint, (128 + 255) / 2 = 191.5, i.e. (191.5 - 128) / 128 in every channel.
    BufferedImage img = grey(4, 2, 0, 128, 255, 0, 0, 128, 255, 0);
    float[] chw = ImageNetInput.chw(img, 1);
    assertThat(chw).containsExactly(new float[] {0.49609375f, 0.49609375f, 0.49609375f}, within(1e-6f));
  }
}
