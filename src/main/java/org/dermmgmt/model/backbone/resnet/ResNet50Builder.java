package org.dermmgmt.model.backbone.resnet;

import java.util.Arrays;

/** Builds a {@link ResNet50}; all options have defaults (ImageNet ResNet-50, headless, frozen batch norm). */
public final class ResNet50Builder {
  int baseWidth = 64;
  int[] blocksPerStage = {3, 4, 6, 3};
  int numClasses = 0;
  BatchNormMode batchNorm = BatchNormMode.FROZEN;

  ResNet50Builder() {}

  /** Width of stage 2's bottleneck (64 for ResNet-50); stages double it, outputs are 4x. */
  public ResNet50Builder optBaseWidth(int baseWidth) {
    if (baseWidth < 1) {
      throw new IllegalArgumentException("base width: expected >= 1, got " + baseWidth);
    }
    this.baseWidth = baseWidth;
    return this;
  }

  /** Bottlenecks in stages 2..5 (3, 4, 6, 3 for ResNet-50); four counts, each 1..26. */
  public ResNet50Builder optBlocksPerStage(int... counts) {
    if (counts.length != 4 || Arrays.stream(counts).anyMatch(c -> c < 1 || c > 26)) {
      throw new IllegalArgumentException(
          "blocks per stage: expected four counts in 1..26, got " + Arrays.toString(counts));
    }
    this.blocksPerStage = counts.clone();
    return this;
  }

  /** 0 = headless (pooled features out); 1000 = the ImageNet fc1000 of the TF.js model. */
  public ResNet50Builder optNumClasses(int numClasses) {
    if (numClasses < 0) {
      throw new IllegalArgumentException("number of classes: expected >= 0, got " + numClasses);
    }
    this.numClasses = numClasses;
    return this;
  }

  public ResNet50Builder optBatchNorm(BatchNormMode mode) {
    this.batchNorm = java.util.Objects.requireNonNull(mode, "batch norm mode");
    return this;
  }

  public ResNet50 build() {
    return new ResNet50(this);
  }
}
