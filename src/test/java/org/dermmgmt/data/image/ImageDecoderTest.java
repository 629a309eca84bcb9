package org.dermmgmt.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
  @TempDir Path dir;
  static final RgbImage PATTERN = TestImages.pattern(64, 40);

  @Test
  void png8BitRgbIsExactAndTheExtensionDoesNotMatter() throws Exception {
    byte[] png = TestImages.png(PATTERN.toBufferedImage());
    Path upper = Files.write(dir.resolve("LESION.PNG"), png);
    Path misnamed = Files.write(dir.resolve("photo.JPG"), png);
    assertThat(TestImages.maxDiff(ImageDecoder.decode(upper), PATTERN)).isZero();
    assertThat(TestImages.maxDiff(ImageDecoder.decode(misnamed), PATTERN)).isZero();
    assertThat(ImageDecoder.decode(png, "upload").rgb()).isEqualTo(ImageDecoder.decode(upper).rgb());
  }

  @Test
  void png16BitRgbRoundsToTheSame8BitValues() {
    int w = PATTERN.width();
    int h = PATTERN.height();
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster r = cm.createCompatibleWritableRaster(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          r.setSample(x, y, c, PATTERN.get(x, y, c) * 257);
        }
      }
    }
    byte[] png = TestImages.png(new BufferedImage(cm, r, false, null));
    assertThat(TestImages.maxDiff(ImageDecoder.decode(png, "16-bit.png"), PATTERN)).isZero();
  }

  @Test
  void greyPngKeepsItsStoredValuesAt8And16Bits() {
    BufferedImage g8 = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage g16 = new BufferedImage(16, 16, BufferedImage.TYPE_USHORT_GRAY);
    for (int x = 0; x < 16; x++) {
      for (int y = 0; y < 16; y++) {
        g8.getRaster().setSample(x, y, 0, 16 * x + y);
        g16.getRaster().setSample(x, y, 0, (16 * x + y) * 257);
      }
    }
    for (BufferedImage g : new BufferedImage[] {g8, g16}) {
      RgbImage im = ImageDecoder.decode(TestImages.png(g), "grey.png");
      // Java's getRGB would brighten 128 to 188 (grey treated as linear light).
      assertThat(im.get(8, 0, 0)).isEqualTo(128);
      assertThat(im.get(8, 0, 1)).isEqualTo(128);
      assertThat(im.get(15, 15, 2)).isEqualTo(255);
      assertThat(im.get(0, 3, 0)).isEqualTo(3);
    }
  }

  @Test
  void alphaIsCompositedOnBlack() {
    BufferedImage argb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
    for (int x = 0; x < 16; x++) {
      for (int y = 0; y < 16; y++) {
        argb.setRGB(x, y, x < 8 ? 0xFFC86432 : 0x80C86432); // opaque left, half transparent right
      }
    }
    argb.setRGB(15, 15, 0x00FFFFFF); // fully transparent white
    RgbImage im = ImageDecoder.decode(TestImages.png(argb), "alpha.png");
    assertThat(new int[] {im.get(0, 0, 0), im.get(0, 0, 1), im.get(0, 0, 2)}).containsExactly(200, 100, 50);
    assertThat(new int[] {im.get(9, 0, 0), im.get(9, 0, 1), im.get(9, 0, 2)}).containsExactly(100, 50, 25);
    assertThat(new int[] {im.get(15, 15, 0), im.get(15, 15, 1), im.get(15, 15, 2)}).containsExactly(0, 0, 0);

    // Grey with alpha, and a palette with a transparent entry, go the same way.
    ComponentColorModel ga = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
        Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster r = ga.createCompatibleWritableRaster(16, 16);
    for (int x = 0; x < 16; x++) {
      for (int y = 0; y < 16; y++) {
        r.setSample(x, y, 0, 200);
        r.setSample(x, y, 1, y < 8 ? 255 : 0);
      }
    }
    RgbImage grey = ImageDecoder.decode(TestImages.png(new BufferedImage(ga, r, false, null)), "ga.png");
    assertThat(grey.get(3, 3, 0)).isEqualTo(200);
    assertThat(grey.get(3, 12, 0)).isZero();
    IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {(byte) 250, 10}, new byte[] {(byte) 250, 20},
        new byte[] {(byte) 250, 30}, 0); // entry 0 transparent
    BufferedImage indexed = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED, palette);
    indexed.getRaster().setSample(1, 1, 0, 1);
    RgbImage pal = ImageDecoder.decode(TestImages.png(indexed), "palette.png");
    assertThat(pal.get(0, 0, 0)).isZero();
    assertThat(new int[] {pal.get(1, 1, 0), pal.get(1, 1, 1), pal.get(1, 1, 2)}).containsExactly(10, 20, 30);
  }

  @Test
  void progressiveJpegDecodesLikeBaseline() {
    RgbImage baseline = ImageDecoder.decode(TestImages.jpeg(PATTERN, false), "baseline.jpg");
    RgbImage progressive = ImageDecoder.decode(TestImages.jpeg(PATTERN, true), "progressive.jpg");
    assertThat(TestImages.meanDiff(baseline, PATTERN)).isLessThan(2.5);
    assertThat(TestImages.meanDiff(progressive, PATTERN)).isLessThan(2.5);
  }

  @Test
  void cmykJpegIsConvertedToRgb() {
    byte[] cmyk = TestImages.cmykJpeg(48, 32, (x, y) -> x < 24 ? new int[] {255, 0, 0, 0} : new int[] {0, 255, 0, 0});
    RgbImage im = ImageDecoder.decode(cmyk, "cmyk.jpg");
    // Cyan ink: little red, much green and blue; magenta ink: much red and blue, little green.
    assertThat(im.get(5, 16, 0)).isLessThan(60);
    assertThat(im.get(5, 16, 1)).isGreaterThan(150);
    assertThat(im.get(5, 16, 2)).isGreaterThan(150);
    assertThat(im.get(40, 16, 0)).isGreaterThan(150);
    assertThat(im.get(40, 16, 1)).isLessThan(60);
    assertThat(im.get(40, 16, 2)).isGreaterThan(150);
  }

  /**
   * Four coloured corners of a 64x40 stored image; after the turn its EXIF tag asks for, the
   * stored top-left and top-right corners land where the EXIF 2.3 table puts them.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void exifOrientationTurnsTheImageUpright(int orientation) {
    int w = 64;
    int h = 40;
    byte[] rgb = new byte[3 * w * h];
    int[][] colours = {{230, 30, 30}, {30, 230, 30}, {30, 30, 230}, {230, 230, 30}}; // TL, TR, BL, BR
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int[] c = colours[(y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1)];
        for (int k = 0; k < 3; k++) {
          rgb[3 * (y * w + x) + k] = (byte) c[k];
        }
      }
    }
    byte[] jpeg = TestImages.jpeg(new RgbImage(w, h, rgb), false);
    for (boolean little : new boolean[] {true, false}) {
      RgbImage up = ImageDecoder.decode(TestImages.withOrientation(jpeg, orientation, little), "exif.jpg");
      boolean swapped = orientation >= 5;
      assertThat(up.width()).isEqualTo(swapped ? h : w);
      assertThat(up.height()).isEqualTo(swapped ? w : h);
      // Display corner (0 TL, 1 TR, 2 BL, 3 BR) of the stored TL and TR corners.
      int[] whereTopLeft = {0, 1, 3, 2, 0, 1, 3, 2};
      int[] whereTopRight = {1, 0, 2, 3, 2, 3, 1, 0};
      assertThat(dominant(up, whereTopLeft[orientation - 1])).as("stored top-left").isEqualTo(0);
      assertThat(dominant(up, whereTopRight[orientation - 1])).as("stored top-right").isEqualTo(1);
    }
  }

  /** Which stored corner colour sits at display corner {@code corner}, by its channels. */
  private static int dominant(RgbImage im, int corner) {
    int x = corner % 2 == 0 ? 2 : im.width() - 3;
    int y = corner < 2 ? 2 : im.height() - 3;
    int r = im.get(x, y, 0);
    int g = im.get(x, y, 1);
    int b = im.get(x, y, 2);
    if (r > 150 && g > 150) {
      return 3;
    }
    return r > 150 ? 0 : g > 150 ? 1 : b > 150 ? 2 : -1;
  }

  @Test
  void refusalsNameTheFileAndSayWhatIsWrong() throws Exception {
    byte[] jpeg = TestImages.jpeg(PATTERN, false);
    byte[] png = TestImages.png(PATTERN.toBufferedImage());
    assertRefused(new byte[0], "empty.jpg", "is empty");
    assertRefused("<!DOCTYPE html><html><body>Not found</body></html>".getBytes(StandardCharsets.UTF_8),
        "page.jpg", "not a JPEG or PNG image", "HTML");
    assertRefused("case_id,clinic\n1,a.jpg\n".getBytes(StandardCharsets.UTF_8), "notes.png",
        "not a JPEG or PNG image", "text");
    assertRefused(Arrays.copyOf(jpeg, jpeg.length * 2 / 3), "cut.jpg", "truncated", "JPEG end-of-image");
    assertRefused(Arrays.copyOf(png, png.length * 2 / 3), "cut.png", "truncated", "IEND");
    assertRefused(TestImages.png(TestImages.pattern(4, 4).toBufferedImage()), "icon.png",
        "4x4 pixels, too small", "at least 8x8");
    assertRefused(TestImages.png(TestImages.pattern(300, 5).toBufferedImage()), "strip.png", "300x5");
  }

  @Test
  void decompressionBombsAreRefusedFromTheHeaderBeforeDecoding() {
    byte[] bomb = TestImages.pngBomb(30000, 30000);
    assertThat(bomb.length).isLessThan(20_000);
    long t0 = System.nanoTime();
    assertRefused(bomb, "bomb.png", "30000x30000", "900.0 megapixels", "limit of 64 megapixels", "before decoding");
    byte[] jpegBomb = TestImages.withJpegSize(TestImages.jpeg(PATTERN, false), 60000, 50000);
    assertRefused(jpegBomb, "bomb.jpg", "60000x50000", "before decoding");
    // Decoding 900 megapixels would take seconds and gigabytes; reading a header takes nothing.
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
  }

  @Test
  void missingFileAndFolderAreNamed() {
    assertThatThrownBy(() -> ImageDecoder.decode(dir.resolve("gone.jpg")))
        .isInstanceOf(UserInputException.class).hasMessageContaining("gone.jpg").hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ImageDecoder.decode(dir))
        .isInstanceOf(UserInputException.class).hasMessageContaining("is not a file");
  }

  private void assertRefused(byte[] bytes, String name, String... parts) {
    Path file = dir.resolve(name);
    try {
      Files.write(file, bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (Runnable decode : new Runnable[] {() -> ImageDecoder.decode(file), () -> ImageDecoder.decode(bytes, name)}) {
      assertThatThrownBy(decode::run)
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining(name)
          .satisfies(e -> {
            for (String p : parts) {
              assertThat(e.getMessage()).contains(p);
            }
            assertThat(e.getMessage()).doesNotContain("\n");
          });
    }
  }
}
