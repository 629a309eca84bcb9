package org.dermmgmt.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The image preparation's fast paths give exactly the bytes of the straightforward ones: the
 * row-wise vertical resize those of a column walk, the direct read of a BGR raster those of getRGB.
 */
class FastPathsTest {

  private static RgbImage random(int w, int h, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] rgb = new byte[3 * w * h];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) rng.nextInt(256);
    }
    return new RgbImage(w, h, rgb);
  }

  @Test
  void resizeGivesTheColumnWalksBytesExactly() {
    int[][] cases = {{768, 512, 224, 224}, {718, 462, 696, 448}, {100, 60, 224, 224}, {37, 91, 50, 13}, {5, 5, 5, 9}};
    for (int[] c : cases) {
      RgbImage in = random(c[0], c[1], c[0] * 31L + c[1]);
      RgbImage fast = new Resize(c[2], c[3]).apply(in);
      assertThat(fast.rgb()).as("%dx%d -> %dx%d", c[0], c[1], c[2], c[3]).isEqualTo(reference(in, c[2], c[3]));
    }
  }

  @Test
  void roundingIsMathRoundClampedToAByte() {
    SplittableRandom rng = new SplittableRandom(3);
    java.util.List<Float> values = new java.util.ArrayList<>(java.util.List.of(0f, -0f, 0.5f, -0.3f, -0.7f, 255.49998f,
        255.5f, 300f, 1e10f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY));
    for (int k = 0; k < 256; k++) {
      values.add(k + 0.5f);
      values.add(Math.nextDown(k + 0.5f));
      values.add(Math.nextUp(k + 0.5f));
    }
    for (int i = 0; i < 100_000; i++) {
      values.add((float) (rng.nextDouble() * 260 - 2));
    }
    for (float v : values) {
      assertThat(Resize.round(v)).as("%s", v).isEqualTo(Math.max(0, Math.min(255, Math.round(v))));
    }
  }

  @Test
  void bgrRasterReadsAsGetRgbDoes() {
    RgbImage source = random(41, 23, 5);
    BufferedImage bgr = new BufferedImage(41, 23, BufferedImage.TYPE_3BYTE_BGR);
    BufferedImage argb = new BufferedImage(41, 23, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 23; y++) {
      for (int x = 0; x < 41; x++) {
        int p = source.get(x, y, 0) << 16 | source.get(x, y, 1) << 8 | source.get(x, y, 2);
        bgr.setRGB(x, y, p);
        argb.setRGB(x, y, 0xff000000 | p);
      }
    }
    assertThat(RgbImage.of(bgr).rgb()).as("direct read").isEqualTo(source.rgb());
    assertThat(RgbImage.of(argb).rgb()).as("through getRGB").isEqualTo(source.rgb());
    // A sub-image shares its parent's buffer at an offset: read through getRGB, same pixels.
    assertThat(RgbImage.of(bgr.getSubimage(3, 4, 10, 9)).rgb()).isEqualTo(source.crop(3, 4, 10, 9).rgb());
  }

  /** The resize as it was first written: area average or bilinear per axis, the y axis column by column. */
  private static byte[] reference(RgbImage image, int width, int height) {
    int w = image.width();
    int h = image.height();
    float[] src = new float[3 * w * h];
    for (int i = 0; i < src.length; i++) {
      src[i] = image.rgb()[i] & 0xff;
    }
    float[] both = axis(axis(src, w, h, width, true), width, h, height, false);
    byte[] out = new byte[both.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(both[i])));
    }
    return out;
  }

  private static float[] axis(float[] src, int w, int h, int to, boolean alongX) {
    int from = alongX ? w : h;
    int outW = alongX ? to : w;
    float[] dst = new float[3 * outW * (alongX ? h : to)];
    if (from == to) {
      return src.clone();
    }
    double scale = (double) from / to;
    for (int line = 0; line < (alongX ? h : w); line++) {
      for (int i = 0; i < to; i++) {
        int j0;
        float[] wts;
        if (to < from) {
          double a = i * scale;
          double b = a + scale;
          j0 = (int) Math.floor(a);
          int j1 = Math.min(from - 1, (int) Math.ceil(b) - 1);
          wts = new float[j1 - j0 + 1];
          for (int j = j0; j <= j1; j++) {
            wts[j - j0] = (float) ((Math.min(b, j + 1) - Math.max(a, j)) / scale);
          }
        } else {
          double x = Math.max(0, Math.min(from - 1, (i + 0.5) * scale - 0.5));
          j0 = (int) Math.floor(x);
          float t = (float) (x - j0);
          wts = Math.min(from - 1, j0 + 1) == j0 ? new float[] {1f} : new float[] {1 - t, t};
        }
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = 0; k < wts.length; k++) {
          int s = 3 * (alongX ? line * w + j0 + k : (j0 + k) * w + line);
          r += wts[k] * src[s];
          g += wts[k] * src[s + 1];
          b += wts[k] * src[s + 2];
        }
        int d = 3 * (alongX ? line * outW + i : i * outW + line);
        dst[d] = r;
        dst[d + 1] = g;
        dst[d + 2] = b;
      }
    }
    return dst;
  }
}
