package org.dermmgmt.model.backbone.weights;

import java.nio.file.Path;

/**
 * A backbone's verified weights: the file (single-file spec) or folder where every required file
 * was found with its pinned sha256, and how it was found (for messages and provenance).
 *
 * @param origin e.g. {@code --weights-dir ../shared/weights}, {@code cached weights PATH}
 */
public record ResolvedWeights(WeightsSpec spec, Path path, String origin) {
  /** The weights' provenance sha256 ({@link WeightsSpec#fingerprint()}). */
  public String fingerprint() {
    return spec.fingerprint();
  }

  /** One of the spec's files: the path itself for a single file, else inside the folder. */
  public Path file(String name) {
    return spec.folder() ? path.resolve(name) : path;
  }
}
