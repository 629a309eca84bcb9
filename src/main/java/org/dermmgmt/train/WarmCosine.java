package org.dermmgmt.train;

import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;

/**
 * The run's learning-rate schedule: cosine decay from {@code base} to 1% of it over {@code total}
 * updates, scaled by a linear ramp over the first {@code warmUp} updates. The ramp keeps Adam's
 * first, poorly estimated steps (each about the full learning rate for every weight, whatever its
 * gradient) from knocking the pretrained streams out of shape: without it, some fine-tuning seeds
 * collapsed in their first epoch and never recovered (BENCHMARKS.md). A pure function of the
 * update number, so a resumed run continues on the same curve.
 */
final class WarmCosine implements Tracker {
  private final Tracker cosine;
  private final int warmUp;

  WarmCosine(float base, int total, int warmUp) {
    if (warmUp < 0) {
      throw new IllegalArgumentException("warm-up updates must be >= 0, got " + warmUp);
    }
    this.cosine =
        CosineTracker.builder()
            .setBaseValue(base)
            .optFinalValue(base * 0.01f)
            .setMaxUpdates(Math.max(1, total))
            .build();
    this.warmUp = warmUp;
  }

  @Override
  public float getNewValue(int numUpdate) {
    float value = cosine.getNewValue(numUpdate);
    return numUpdate < warmUp ? value * (numUpdate + 1) / (warmUp + 1) : value;
  }
}
