package org.dermmgmt.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.dermmgmt.data.image.ImageDecoder;
import org.dermmgmt.data.image.RgbImage;
import org.junit.jupiter.api.Test;

class UploadDecoderTest {
  static final ImageLimits LIMITS = new ImageLimits(500_000, 1_000_000, 32);

  static void refused(byte[] bytes, int status, String... words) {
    assertThatThrownBy(() -> UploadDecoder.decode(bytes, "derm", LIMITS))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(status);
          assertThat(e.field()).isEqualTo("derm");
          assertThat(e.getMessage()).startsWith("derm: ").contains(words);
        });
  }

  @Test
  void decodesJpegAndPngFromMemory() {
    BufferedImage original = TestImages.numbered(5);
    RgbImage png = UploadDecoder.decode(TestImages.png(original), "derm", LIMITS);
    assertThat(png.width()).isEqualTo(120);
    assertThat(png.get(60, 45, 0) << 16 | png.get(60, 45, 1) << 8 | png.get(60, 45, 2))
        .isEqualTo(original.getRGB(60, 45) & 0xffffff);
    byte[] jpegBytes = TestImages.jpeg(original);
    RgbImage jpeg = UploadDecoder.decode(jpegBytes, "derm", LIMITS);
    assertThat(jpeg.height()).isEqualTo(100);
    // Decoded once, as the inference pipeline decodes the same bytes: the same pixels.
    assertThat(jpeg.rgb()).isEqualTo(ImageDecoder.decode(jpegBytes, "upload").rgb());
  }

  @Test
  void refusesWhatIsNotAUsableImage() {
    refused(new byte[0], 400, "empty");
    refused("GIF89a....".getBytes(), 400, "not a JPEG or PNG");
    refused(TestImages.truncatedJpeg(), 400, "truncated");
    refused(TestImages.png(TestImages.lesion(40, 20, 10, 10, 4, java.awt.Color.BLACK)), 400, "40x20", "minimum of 32");
    byte[] png = TestImages.png(TestImages.numbered(2));
    byte[] cut = java.util.Arrays.copyOf(png, png.length / 2);
    refused(cut, 400, "truncated");
  }

  @Test
  void pixelBombsAreRefusedBeforeDecoding() {
    // Garbage data behind a 30000x30000 header: had it been decoded, the error would be a 400.
    byte[] fewKb = TestImages.bombPngHeaderOnly(30000);
    assertThat(fewKb.length).isLessThan(4096);
    refused(fewKb, 413, "30000x30000", "900000000 pixels", "over the limit of 1000000");
    byte[] valid = TestImages.bombPng(30000);
    long start = System.nanoTime();
    refused(valid, 413, "30000x30000");
    refused(TestImages.bombJpeg(20000), 413, "20000x20000");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
    // Under the limit the same header is decoded, and the garbage is then a decoding error.
    assertThatThrownBy(() -> UploadDecoder.decode(TestImages.bombPngHeaderOnly(100), "derm", LIMITS))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void refusesTooManyBytes() {
    refused(new byte[500_001], 413, "500001 bytes");
  }
}
