package org.dermmgmt.model.script;

import java.util.function.BiFunction;

/** Where a {@link Packable} stream keeps its packed inference while it is in force. */
public final class PackedSlot {
  private volatile PackedInference packed;

  /**
   * Puts a {@link PackedInference} of {@code planner} computing in {@code precision} in the slot,
   * unless -Ddermmgmt.inference=eager, one is already there, or the kernels are {@link
   * Kernels#SAFE} and the stream cannot be {@code checked} (there packs are checked layer by
   * layer, {@link PackedInference.Pointwise#CHECKED}, in fp32); closing the result frees it and
   * empties the slot.
   *
   * @param checkable whether creating the stream's oneDNN 1x1 kernels is harmless where they
   *     cannot be trusted: false for ResNet-50, some of whose 1x1 kernels divide by zero there
   *     (the process dies before any check could look at them)
   */
  public Packable.Packing pack(
      BiFunction<Long, Long, PackedInference.Plan> planner, Precision precision, boolean checkable) {
    PackedInference.Pointwise pointwise = Packable.pointwise(checkable);
    if (pointwise == null || packed != null) {
      return () -> {};
    }
    PackedInference p = new PackedInference(planner,
        pointwise == PackedInference.Pointwise.ONEDNN ? precision : Precision.FP32, pointwise);
    packed = p;
    return () -> {
      packed = null;
      p.close();
    };
  }

  /** The packed inference in force, or null (eager). */
  public PackedInference get() {
    return packed;
  }
}
