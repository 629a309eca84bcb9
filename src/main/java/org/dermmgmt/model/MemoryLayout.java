package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.dermmgmt.model.script.Kernels;

/**
 * The memory layout the backbone streams compute in: channels_last (default) or nchw, set with
 * -Ddermmgmt.layout=... for benchmarks. libtorch's oneDNN convolutions run channels-last tensors
 * without reordering them to and from a blocked layout around every layer, and each layer's output
 * keeps its input's layout, so converting the input once is enough. Measured on 2 cores at batch
 * 16: inference 0.72x and fine-tuning 0.78x the time of NCHW (BENCHMARKS.md); values agree to
 * float rounding. The packed inference path ({@link org.dermmgmt.model.script.PackedInference})
 * always computes channels-last. Where oneDNN's channels-last (brgemm) kernels cannot be trusted
 * ({@link Kernels#SAFE}) the default is nchw, which oneDNN runs with its older blocked jit kernels,
 * except for MobileNetV2, whose only wrong channels-last kernels there (some 1x1 forwards) are
 * checked per shape ({@link CheckedPointwise}).
 */
public final class MemoryLayout {
  private MemoryLayout() {}

  static final String LAYOUT = System.getProperty("dermmgmt.layout",
      Kernels.current() == Kernels.SAFE ? "nchw" : "channels_last");

  /**
   * MobileNetV2's layout: channels-last on either kind of kernel unless -Ddermmgmt.layout=nchw. On
   * the safe kernels its 1x1 convolutions are then checked once per shape ({@link CheckedPointwise}),
   * the only channels-last kernels that go wrong there (BENCHMARKS.md, sixteenth session).
   */
  static final String MOBILENET_LAYOUT = System.getProperty("dermmgmt.layout", "channels_last");

  /** Whether MobileNetV2 computes channels-last in this process. */
  public static boolean mobileNetChannelsLast() {
    return "channels_last".equals(MOBILENET_LAYOUT);
  }

  /** MobileNetV2's layout's name (for benchmark records). */
  public static String mobileNetName() {
    return MOBILENET_LAYOUT;
  }

  /** The input as MobileNetV2 computes it. */
  static NDArray laidOutForMobileNet(NDArray x) {
    return mobileNetChannelsLast() ? channelsLast(x) : x;
  }

  /** The layout's name (for benchmark records). */
  public static String name() {
    return LAYOUT;
  }

  /** The input as the streams compute it: channels-last unless nchw was asked for. */
  public static NDArray laidOut(NDArray x) {
    return "channels_last".equals(LAYOUT) ? channelsLast(x) : x;
  }

  /**
   * The same (N, C, H, W) values stored channels-last. DJL has no memory-format call, so: permute
   * to NHWC, force a contiguous copy with a reshape no view can satisfy, and permute back.
   */
  public static NDArray channelsLast(NDArray x) {
    Shape s = x.getShape();
    return x.transpose(0, 2, 3, 1)
        .reshape(s.get(0), -1)
        .reshape(s.get(0), s.get(2), s.get(3), s.get(1))
        .transpose(0, 3, 1, 2);
  }
}
