package org.dermmgmt.model;

/** Builds a {@link MobileNetV2}; all options have defaults (ImageNet MobileNetV2 1.0, headless). */
public final class MobileNetV2Builder {
  float widthMultiplier = 1f;
  int numClasses = 0;
  int lastChannels = 0;

  MobileNetV2Builder() {}

  /** Channel multiplier (alpha); 1.0 matches the pretrained weights. */
  public MobileNetV2Builder optWidthMultiplier(float widthMultiplier) {
    if (!(widthMultiplier > 0f) || Float.isInfinite(widthMultiplier)) {
      throw new IllegalArgumentException(
          "width multiplier: expected a finite value > 0, got " + widthMultiplier);
    }
    this.widthMultiplier = widthMultiplier;
    return this;
  }

  /** 0 = headless (pooled features out); 1001 = the ImageNet classifier of the TFLite file. */
  public MobileNetV2Builder optNumClasses(int numClasses) {
    if (numClasses < 0) {
      throw new IllegalArgumentException("number of classes: expected >= 0, got " + numClasses);
    }
    this.numClasses = numClasses;
    return this;
  }

  /**
   * Overrides the width of the last 1x1 conv (default 1280, scaled up for multipliers above 1),
   * e.g. to keep tiny test backbones tiny.
   */
  public MobileNetV2Builder optLastChannels(int lastChannels) {
    if (lastChannels <= 0) {
      throw new IllegalArgumentException("last channels: expected > 0, got " + lastChannels);
    }
    this.lastChannels = lastChannels;
    return this;
  }

  public MobileNetV2 build() {
    return new MobileNetV2(this);
  }
}
