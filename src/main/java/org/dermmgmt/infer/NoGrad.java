package org.dermmgmt.infer;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs inference with libtorch's autograd off for the calling thread, then restores it. Autograd
 * is per thread and on by default; recording the graph of every forward pass about doubled the
 * service's latency (BENCHMARKS.md), and PyTorch's own inference runs under {@code no_grad}.
 * Restoring matters: training threads call inference for their selection passes.
 */
public final class NoGrad {
  private NoGrad() {}

  public static <T> T call(Supplier<T> work) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return work.get();
    } finally {
      JniUtils.setGradMode(grad);
    }
  }
}
