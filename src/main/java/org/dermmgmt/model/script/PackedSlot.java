package org.dermmgmt.model.script;

import java.util.function.BiFunction;

/** Where a {@link Packable} stream keeps its packed inference while it is in force. */
public final class PackedSlot {
  private volatile PackedInference packed;

  /**
   * Puts a {@link PackedInference} of {@code planner} computing in {@code precision} in the slot,
   * unless -Ddermmgmt.inference=eager, the kernels are {@link Kernels#SAFE} (packing needs
   * oneDNN's channels-last kernels) or one is already there; closing the result frees it and
   * empties the slot.
   */
  public Packable.Packing pack(BiFunction<Long, Long, PackedInference.Plan> planner, Precision precision) {
    if (!Packable.packingInForce() || packed != null) {
      return () -> {};
    }
    PackedInference p = new PackedInference(planner, precision);
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
