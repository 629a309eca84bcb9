package org.dermmgmt.model.script;

/**
 * A backbone stream that can train in mixed precision: in {@link Precision#BF16} its training
 * forward (and so its backward) runs the convolutions on bf16 activations and bf16 copies of the
 * weights, while the optimiser keeps and updates the fp32 weights (the casts are differentiated).
 * Inference is set apart, by {@link Packable#packForInference(Precision)}.
 */
public interface MixedPrecision {
  /** The arithmetic of the following training forwards (fp32 until set). */
  void trainIn(Precision precision);
}
