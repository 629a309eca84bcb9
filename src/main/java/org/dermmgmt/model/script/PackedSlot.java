package org.dermmgmt.model.script;

import java.util.function.BiFunction;

/** Where a {@link Packable} stream keeps its packed inference while it is in force. */
public final class PackedSlot {
  private volatile PackedInference packed;

  /**
   * Puts a {@link PackedInference} of {@code planner} computing in {@code precision} in the slot,
   * unless -Ddermmgmt.inference=eager or one is already there; closing the result frees it and
   * empties the slot. On the {@link Kernels#SAFE} kernels packs compute fp32 and are checked
   * layer by layer ({@link PackedInference.Pointwise#CHECKED}).
   *
   * @param safeToCreate whether creating the stream's oneDNN 1x1 kernels is harmless where they
   *     cannot be trusted: false for ResNet-50, some of whose 1x1 kernels divide by zero there
   *     (the process dies before any check could look at them), so its 1x1 convolutions are
   *     matrix products from the start ({@link PackedInference.Pointwise#MATMUL_CHECKED})
   */
  public Packable.Packing pack(
      BiFunction<Long, Long, PackedInference.Plan> planner, Precision precision, boolean safeToCreate) {
    PackedInference.Pointwise pointwise = Packable.pointwise(safeToCreate);
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
