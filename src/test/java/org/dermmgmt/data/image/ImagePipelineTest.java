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
    float[] a = p.augmented(p.load(jpeg), 42);
    assertThat(a).hasSize(3 * 32 * 32);
    assertThat(pipeline().augmented(pipeline().load(jpeg), 42)).containsExactly(a);
    assertThat(Arrays.equals(p.augmented(p.load(jpeg), 43), a)).isFalse();
  }

  @Test
  void evalIsDeterministicInRangeAndMatchesInMemoryImage() throws Exception {
    ImagePipeline p = pipeline();
    float[] e = p.eval(jpeg);
    assertThat(e).containsExactly(p.eval(jpeg));
    for (float v : e) {
      assertThat(v).isBetween(-1f, 127f / 128);
    }
    byte[] bytes = java.nio.file.Files.readAllBytes(jpeg);
    var inMemory = p.load(bytes, "upload");
    assertThat(p.plain(inMemory)).containsExactly(e);
    assertThat(inMemory.contentKey()).as("same bytes, same view key").isEqualTo(p.load(jpeg).contentKey());
    assertThat(p.cachedImages()).isEqualTo(1);
  }

  @Test
  void noAugmentationMakesTrainEqualEval() {
    ImagePipeline p = ImagePipeline.builder().setSize(16).optAugmentation(Augmentation.none()).build();
    assertThat(p.augmented(p.load(jpeg), 1)).containsExactly(p.eval(jpeg));
  }

  @Test
  void cacheIsBoundedInBytes() throws Exception {
    // One 32-px base image is 3*32*32 bytes at most (short side <= 64 keeps the 48-px source).
    ImagePipeline p = ImagePipeline.builder().setSize(32).optCacheBytes(1).build();
    p.load(jpeg);
    java.nio.file.Path other = jpeg.resolveSibling("copy.jpg");
    java.nio.file.Files.copy(jpeg, other, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    p.load(other);
    assertThat(p.cachedImages()).as("over the byte bound only the newest image stays").isEqualTo(1);
  }

  @Test
  void threadSafeUnderParallelUse() {
    ImagePipeline p = pipeline();
    float[] expected = pipeline().augmented(pipeline().load(jpeg), 9);
    List<float[]> results = IntStream.range(0, 16).parallel().mapToObj(i -> p.augmented(p.load(jpeg), 9)).toList();
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
