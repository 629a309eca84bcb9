package org.dermmgmt.model.script;

/** A backbone stream that can run its inference packed ({@link PackedInference}). */
public interface Packable {
  /**
   * Packs the stream's inference in {@code precision}, for a network whose weights will not change
   * again (a loaded run). Close the result to free the packs and return to the eager path.
   */
  Packing packForInference(Precision precision);

  /** {@link #packForInference(Precision)} in the process's {@link Precision#inference()}. */
  default Packing packForInference() {
    return packForInference(Precision.inference());
  }

  /** Packed inference in force until closed. */
  interface Packing extends AutoCloseable {
    /** Frees the packs; the stream is back on the eager path. */
    @Override
    void close();
  }

  /**
   * Which path a packed stream's inference takes: packed (default) or eager (every layer through
   * DJL, as training runs), set with -Ddermmgmt.inference=...
   */
  String MODE = System.getProperty("dermmgmt.inference", "packed");

  /**
   * How a stream packs in this process, or null where it runs eager: trusting oneDNN on the fast
   * kernels; on the safe ones checked layer by layer, with every 1x1 convolution a matrix product
   * from the start unless the stream's oneDNN 1x1 kernels are {@code safeToCreate} there (see
   * {@link PackedSlot#pack}).
   */
  static PackedInference.Pointwise pointwise(boolean safeToCreate) {
    if (!"packed".equals(MODE)) {
      return null;
    }
    if (Kernels.current() == Kernels.FAST) {
      return PackedInference.Pointwise.ONEDNN;
    }
    return safeToCreate ? PackedInference.Pointwise.CHECKED : PackedInference.Pointwise.MATMUL_CHECKED;
  }
}
