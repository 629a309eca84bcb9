package org.dermmgmt.model.tflite;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where tests find the real MobileNetV2 TFLite file; tests that need it are skipped without it. */
public final class TestWeights {
  private TestWeights() {}

  public static Path pathOrSkip() {
    String env = System.getenv("DERMMGMT_WEIGHTS");
    Path path =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of("../shared/weights/mobilenet_v2_1.0_224_quant.tflite");
    Assumptions.assumeTrue(Files.isRegularFile(path), "weights file absent: " + path);
    return path;
  }

  /** The ImageNet labels file next to the weights, or the shared default. */
  public static Path labels(Path weights) {
    Path sibling = weights.resolveSibling("imagenet_labels.txt");
    return Files.isRegularFile(sibling) ? sibling : Path.of("../shared/weights/imagenet_labels.txt");
  }
}
