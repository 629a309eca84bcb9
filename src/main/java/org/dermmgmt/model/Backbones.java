package org.dermmgmt.model;

import ai.djl.nn.Block;

/** Builds the image stream named by a {@link FusionConfig}. */
public final class Backbones {
  /** Width of the random-initialised MobileNetV2 that fast tests use instead of the real one. */
  public static final float TINY_WIDTH = 0.25f;

  private Backbones() {}

  /** Pooled feature size of the tiny backbone (MobileNetV2 keeps 1280 otherwise, too big for CI). */
  public static final int TINY_FEATURES = 64;

  public static MobileNetV2 create(FusionConfig config) {
    MobileNetV2.Builder b = MobileNetV2.builder().optNumClasses(0);
    if (config.pretrained()) {
      return b.optWidthMultiplier(config.widthMultiplier()).build();
    }
    return b.optWidthMultiplier(TINY_WIDTH).optLastChannels(TINY_FEATURES).build();
  }

  public static int featureSize(FusionConfig config) {
    return create(config).featureSize();
  }
}
