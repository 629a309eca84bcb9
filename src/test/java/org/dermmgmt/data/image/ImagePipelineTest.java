package org.dermmgmt.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePipelineTest {
  @TempDir static Path dir;
  static Path jpeg;

  @BeforeAll
  static void writeJpeg() throws Exception {
    BufferedImage im = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
    Random rng = new Random(3);
    for (int y = 0; y < 80; y++) {
      for (int x = 0; x < 120; x++) {
        im.setRGB(x, y, (x * 2) << 16 | (y * 3) << 8 | rng.nextInt(256));
      }
    }
    jpeg = dir.resolve("Lesion.JPG");
    ImageIO.write(im, "jpg", jpeg.toFile());
  }

  private static ImagePipeline pipeline() {
    return ImagePipeline.builder().setSize(32).build();
  }

  @Test
  void trainIsDeterministicPerSeedAndSeedsDiffer() {
    ImagePipeline p = pipeline();
    float[] a = p.train(jpeg, 42);
    assertThat(a).hasSize(3 * 32 * 32);
    assertThat(pipeline().train(jpeg, 42)).containsExactly(a);
    assertThat(Arrays.equals(p.train(jpeg, 43), a)).isFalse();
  }

  @Test
  void evalIsDeterministicInRangeAndMatchesInMemoryImage() throws Exception {
    ImagePipeline p = pipeline();
    float[] e = p.eval(jpeg);
    assertThat(e).containsExactly(p.eval(jpeg));
    for (float v : e) {
      assertThat(v).isBetween(-1f, 127f / 128);
    }
    assertThat(p.eval(ImageIO.read(jpeg.toFile()))).containsExactly(e);
    assertThat(p.cachedImages()).isEqualTo(1);
  }

  @Test
  void noAugmentationMakesTrainEqualEval() {
    ImagePipeline p = ImagePipeline.builder().setSize(16).optAugmentation(Augmentation.none()).build();
    assertThat(p.train(jpeg, 1)).containsExactly(p.eval(jpeg));
  }

  @Test
  void threadSafeUnderParallelUse() {
    ImagePipeline p = pipeline();
    float[] expected = pipeline().train(jpeg, 9);
    List<float[]> results = IntStream.range(0, 16).parallel().mapToObj(i -> p.train(jpeg, 9)).toList();
    results.forEach(r -> assertThat(r).containsExactly(expected));
  }

  @Test
  void truncatedJpegIsRejectedNamingTheFile() throws Exception {
    byte[] bytes = Files.readAllBytes(jpeg);
    Path cut = dir.resolve("cut.jpg");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length * 2 / 3));
    assertThatThrownBy(() -> JpegDecoder.decode(cut))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("cut.jpg")
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> pipeline().eval(dir.resolve("lesion.jpg")))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("lesion.jpg");
  }

  @Test
  void corruptScanWithIntactEndMarkerIsRejectedThroughDecoderWarnings() throws Exception {
    byte[] bytes = Files.readAllBytes(jpeg);
    int mid = bytes.length / 2;
    Arrays.fill(bytes, mid, mid + 20, (byte) 0xFF);
    bytes[mid + 20] = (byte) 0xD0; // a restart marker where none belongs
    Path bad = dir.resolve("corrupt.jpg");
    Files.write(bad, bytes);
    assertThatThrownBy(() -> JpegDecoder.decode(bad))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("corrupt.jpg");
  }

  @Test
  void builderRequiresSize() {
    assertThatThrownBy(() -> ImagePipeline.builder().build())
        .hasMessageContaining("setSize");
  }
}
