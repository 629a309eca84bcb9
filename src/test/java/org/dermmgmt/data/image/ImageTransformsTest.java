package org.dermmgmt.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageTransformsTest {
  /** 3×2 image whose pixel (x, y) has R = 10·y + x, G = 100 + R, B = 200 + x. */
  static RgbImage tiny() {
    int w = 3;
    int h = 2;
    byte[] rgb = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = 3 * (y * w + x);
        rgb[i] = (byte) (10 * y + x);
        rgb[i + 1] = (byte) (100 + 10 * y + x);
        rgb[i + 2] = (byte) (200 + x);
      }
    }
    return new RgbImage(w, h, rgb);
  }

  @Test
  void horizontalAndVerticalFlipsArePermutations() {
    RgbImage im = tiny();
    RgbImage h = Flip.horizontal(im);
    RgbImage v = Flip.vertical(im);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(h.get(x, y, c)).isEqualTo(im.get(2 - x, y, c));
          assertThat(v.get(x, y, c)).isEqualTo(im.get(x, 1 - y, c));
        }
      }
    }
    assertThat(Flip.horizontal(h).rgb()).isEqualTo(im.rgb());
  }

  @Test
  void rotate90IsExactClockwisePermutation() {
    RgbImage im = tiny();
    RgbImage r = Rotate90.clockwise(im, 1);
    assertThat(r.width()).isEqualTo(2);
    assertThat(r.height()).isEqualTo(3);
    // Clockwise: the bottom-left source pixel becomes the top-left.
    assertThat(r.get(0, 0, 0)).isEqualTo(im.get(0, 1, 0));
    assertThat(r.get(1, 0, 0)).isEqualTo(im.get(0, 0, 0));
    assertThat(r.get(0, 2, 0)).isEqualTo(im.get(2, 1, 0));
    assertThat(Rotate90.clockwise(im, 4).rgb()).isEqualTo(im.rgb());
    assertThat(Rotate90.clockwise(im, 2).rgb())
        .isEqualTo(Flip.vertical(Flip.horizontal(im)).rgb());
    assertThat(Rotate90.clockwise(Rotate90.clockwise(im, 1), 3).rgb()).isEqualTo(im.rgb());
  }

  @Test
  void randomResizedCropWindowRespectsScaleAndRatio() {
    RandomResizedCrop rrc = new RandomResizedCrop(224, 0.3, 0.8, 0.75, 4.0 / 3);
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < 200; i++) {
      RandomResizedCrop.Window w = rrc.window(718, 462, rng);
      double area = (double) w.width() * w.height() / (718 * 462);
      double ratio = (double) w.width() / w.height();
      assertThat(w.x()).isBetween(0, 718 - w.width());
      assertThat(w.y()).isBetween(0, 462 - w.height());
      assertThat(area).isBetween(0.29, 0.81);
      assertThat(ratio).isBetween(0.74, 1.35);
    }
    // Impossible ratio: the fallback is a centred crop with the ratio clamped.
    RandomResizedCrop wide = new RandomResizedCrop(8, 1.0, 1.0, 3.0, 3.0);
    assertThat(wide.window(100, 100, new SplittableRandom(1)))
        .isEqualTo(new RandomResizedCrop.Window(0, 33, 100, 33));
  }

  @Test
  void borderCropNeverTakesMoreThanTenPercentPerSide() {
    BorderCrop crop = new BorderCrop(25);
    assertThat(crop.apply(new RgbImage(768, 512, new byte[3 * 768 * 512])).width()).isEqualTo(718);
    assertThat(crop.marginFor(32)).isEqualTo(3);
    assertThat(crop.marginFor(24)).isEqualTo(2);
    RgbImage small = crop.apply(new RgbImage(32, 24, new byte[3 * 32 * 24]));
    assertThat(small.width()).isEqualTo(26);
    assertThat(small.height()).isEqualTo(20);
    RgbImage t = tiny();
    assertThat(new BorderCrop(0).apply(t)).isSameAs(t);
  }

  @Test
  void resizeAreaAveragesWhenShrinking() {
    // 4×4 of 2×2 blocks with values 0, 40, 80, 120 → 2×2 of exactly those values.
    byte[] rgb = new byte[3 * 16];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        int v = 40 * ((y / 2) * 2 + x / 2);
        for (int c = 0; c < 3; c++) {
          rgb[3 * (y * 4 + x) + c] = (byte) v;
        }
      }
    }
    RgbImage out = new Resize(2, 2).apply(new RgbImage(4, 4, rgb));
    assertThat(new int[] {out.get(0, 0, 0), out.get(1, 0, 0), out.get(0, 1, 0), out.get(1, 1, 1)})
        .containsExactly(0, 40, 80, 120);
    // A 3→1 shrink averages all three columns: R = (0 + 1 + 2) / 3 = 1 in row 0.
    RgbImage col = new Resize(1, 2).apply(tiny());
    assertThat(col.get(0, 0, 0)).isEqualTo(1);
    assertThat(col.get(0, 1, 0)).isEqualTo(11);
    // Growing keeps a constant image constant.
    RgbImage grown = Resize.square(7).apply(new RgbImage(2, 2, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}));
    for (byte b : grown.rgb()) {
      assertThat(b).isEqualTo((byte) 9);
    }
  }

  @Test
  void normalisationIsCenteredAndChannelFirst() {
    RgbImage im = new RgbImage(2, 1, new byte[] {0, (byte) 128, (byte) 255, 64, 32, 16});
    float[] f = Normalization.MOBILENET.toChw(im);
    assertThat(f).containsExactly(-1f, -0.5f, 0f, -0.75f, 127f / 128, -0.875f);
  }

  @Test
  void caffeNormalisationIsBgrMinusMeans() {
    RgbImage im = new RgbImage(1, 1, new byte[] {10, 20, 30});
    float[] f = Normalization.CAFFE.toChw(im);
    assertThat(f[0]).isCloseTo(30 - 103.939f, org.assertj.core.data.Offset.offset(1e-4f));
    assertThat(f[1]).isCloseTo(20 - 116.779f, org.assertj.core.data.Offset.offset(1e-4f));
    assertThat(f[2]).isCloseTo(10 - 123.68f, org.assertj.core.data.Offset.offset(1e-4f));
  }

  @Test
  void colorJitterIdentityAndSaturationToGray() {
    RgbImage im = tiny();
    assertThat(ColorJitter.apply(im, 1f, 1f, 1f).rgb()).isEqualTo(im.rgb());
    RgbImage gray = ColorJitter.apply(im, 1f, 1f, 0f);
    assertThat(gray.get(1, 1, 0)).isEqualTo(gray.get(1, 1, 2));
    RgbImage darker = ColorJitter.apply(im, 0.5f, 1f, 1f);
    assertThat(darker.get(2, 1, 2)).isEqualTo(Math.round(202 * 0.5f));
    assertThatThrownBy(() -> new ColorJitter(1.5, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
