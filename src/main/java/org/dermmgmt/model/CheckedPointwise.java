package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dermmgmt.model.script.KernelCheck;
import org.dermmgmt.model.script.Kernels;

/**
 * MobileNetV2's 1x1 convolutions on channels-last maps where oneDNN's channels-last 1x1 kernels
 * cannot all be trusted ({@link Kernels#SAFE}): each (batch, channels in, height, width, channels
 * out) is checked once per process against a matrix product on a fixed probe input, and the shapes
 * oneDNN gets wrong are computed as that matrix product from then on (forward and, through
 * autograd, backward). Only the forward pass needs the check: on the grid of BENCHMARKS.md
 * (sixteenth session) every channels-last backward kernel was right, the wrong forward shapes'
 * included, while some 1x1 forwards (960→320, 320→1280 at small maps) were 0.1 off.
 */
final class CheckedPointwise {
  private CheckedPointwise() {}

  private static final Map<List<Long>, Boolean> WRONG = new ConcurrentHashMap<>();

  /** Whether MobileNetV2's eager 1x1 convolutions go through this check in this process. */
  static boolean inForce() {
    return Kernels.current() == Kernels.SAFE && MemoryLayout.mobileNetChannelsLast();
  }

  /** The 1x1 convolution (stride 1, no padding) of {@code x} by {@code w} (O, C, 1, 1) plus {@code b}. */
  static NDArray conv(NDArray x, NDArray w, NDArray b) {
    Shape s = x.getShape();
    List<Long> key = List.of(s.get(0), s.get(1), s.get(2), s.get(3), w.getShape().get(0));
    boolean wrong = WRONG.computeIfAbsent(key, k -> oneDnnWrong(x.getManager(), k));
    return wrong ? matMul(x, w, b) : Conv2d.conv2d(x, w, b).singletonOrThrow();
  }

  /** How many shapes this process computes as matrix products (for tests). */
  static long matMulShapes() {
    return WRONG.values().stream().filter(Boolean::booleanValue).count();
  }

  /**
   * (N*H*W, C) x (C, O) + b on the maps' NHWC view: no copy in or out for channels-last maps (a
   * copy for NCHW ones), the result channels-last.
   */
  static NDArray matMul(NDArray x, NDArray w, NDArray b) {
    Shape s = x.getShape();
    long out = w.getShape().get(0);
    // An op's result belongs to its first operand's manager: the weights' views would belong to
    // the model's and outlive the batch (one pair per layer and forward), so they move to the input's.
    NDArray matrix = w.reshape(out, s.get(1));
    matrix.attach(x.getManager());
    NDArray transposed = matrix.transpose();
    transposed.attach(x.getManager());
    return x.transpose(0, 2, 3, 1).reshape(-1, s.get(1))
        .matMul(transposed)
        .add(b)
        .reshape(s.get(0), s.get(2), s.get(3), out)
        .transpose(0, 3, 1, 2);
  }

  /** Whether oneDNN's channels-last 1x1 convolution of {@code shape} (N, C, H, W, O) disagrees with the matrix product. */
  private static boolean oneDnnWrong(NDManager manager, List<Long> shape) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDManager scratch = manager.newSubManager()) {
      long n = shape.get(0);
      long c = shape.get(1);
      long o = shape.get(4);
      NDArray x = KernelCheck.probe(scratch, new Shape(n, c, shape.get(2), shape.get(3)), 0.7548777f);
      NDArray w = KernelCheck.probe(scratch, new Shape(o, c, 1, 1), 0.5698403f).div((float) Math.sqrt(c));
      NDArray b = scratch.zeros(new Shape(o));
      NDArray reference = matMul(MemoryLayout.channelsLast(x), w, b);
      NDArray oneDnn = Conv2d.conv2d(MemoryLayout.channelsLast(x), w, b).singletonOrThrow();
      float gap = oneDnn.sub(reference).norm().getFloat() / Math.max(reference.norm().getFloat(), 1e-12f);
      return !KernelCheck.agrees(gap);
    } finally {
      JniUtils.setGradMode(grad);
    }
  }
}
