package org.dermmgmt.model.backbone.resnet;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Where tests find the real ResNet-50 TF.js folder ({@code $DERMMGMT_WEIGHTS_DIR} or
 * ../shared/weights, then {@code resnet50_imagenet_tfjs/}); tests that need it are skipped
 * without it.
 */
public final class TestResNetWeights {
  private TestResNetWeights() {}

  public static Path dirOrSkip() {
    String env = System.getenv("DERMMGMT_WEIGHTS_DIR");
    Path root = env != null && !env.isBlank() ? Path.of(env) : Path.of("../shared/weights");
    Path dir = root.resolve("resnet50_imagenet_tfjs");
    Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("model.json")),
        "ResNet-50 TF.js weights absent: " + dir);
    return dir;
  }

  /** The darknet sample photo, or skip (an error under CI=true, where it must be installed). */
  public static Path photoOrSkip(String name) {
    Path p = Path.of("/usr/share/darknet/data").resolve(name);
    if (!Files.isRegularFile(p)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true but the darknet sample photo is missing: " + p);
      }
      Assumptions.abort("darknet sample photo absent (apt-get install darknet): " + p);
    }
    return p;
  }
}
