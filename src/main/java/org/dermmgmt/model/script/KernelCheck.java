package org.dermmgmt.model.script;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * What the checks of oneDNN's kernels share ({@link PackCheck} for packs, the model's checked 1x1
 * convolutions for training): a fixed probe input and the tolerance that tells a right kernel from
 * a wrong one.
 */
public final class KernelCheck {
  private KernelCheck() {}

  /** Largest relative difference from the reference a right kernel shows: float rounding gives ~1e-7, wrong kernels ~0.1. */
  public static final float TOLERANCE = 1e-4f;

  /**
   * A fixed, sign-changing pattern in [-1, 1] of {@code shape}: sin(i * step) over the elements in
   * order. No random generator, so a check sees the same probe every time.
   */
  public static NDArray probe(NDManager manager, Shape shape, float step) {
    return manager.arange(0f, shape.size(), 1f).mul(step).sin().reshape(shape);
  }

  /** Whether a relative difference is a right kernel's (NaN is not). */
  public static boolean agrees(float relativeDifference) {
    return relativeDifference <= TOLERANCE;
  }
}
