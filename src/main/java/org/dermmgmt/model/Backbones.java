package org.dermmgmt.model;

import ai.djl.nn.Block;

/** Builds the image stream named by a {@link FusionConfig}. */
public final class Backbones {
  /** Width of the random-initialised MobileNetV2 that fast tests use instead of the real one. */
  public static final float TINY_WIDTH = 0.25f;

  private Backbones() {}

  public static Block create(FusionConfig config) {
    return MobileNetV2.builder().optWidthMultiplier(width(config)).optNumClasses(0).build();
  }

  public static int featureSize(FusionConfig config) {
    return MobileNetV2.builder().optWidthMultiplier(width(config)).optNumClasses(0).build().featureSize();
  }

  private static float width(FusionConfig config) {
    return config.pretrained() ? config.widthMultiplier() : Math.min(config.widthMultiplier(), TINY_WIDTH);
  }
}
