package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.dermmgmt.model.script.Cast;
import org.dermmgmt.model.script.Precision;

/**
 * A square convolution with bias and TensorFlow "SAME" padding, optionally followed by ReLU6.
 *
 * <p>TF SAME pads {@code max((ceil(in/s) - 1) * s + k - in, 0)} pixels, the odd one at the
 * bottom/right. For stride 1 that total is {@code k - 1}, split evenly, so the convolution's own
 * symmetric padding is exact and free. For stride 2 on even sizes it is (0 top/left, 1
 * bottom/right), which PyTorch's symmetric padding cannot express, so we pad explicitly, per
 * input size, before an unpadded convolution.
 *
 * <p>At inference the pad is folded into the kernel instead: a 3x3 stride-2 kernel with (0, 1)
 * padding equals a 4x4 kernel whose first row and column are zero, run with symmetric padding 1.
 * That saves a copy of the input before every stride-2 layer; measured on 2 cores, batch-16
 * inference takes 0.77x the time of the explicit pad (BENCHMARKS.md). Training keeps the explicit
 * pad (no measurable difference there). {@code -Ddermmgmt.samepad=pad} restores it at inference.
 */
final class SameConv extends AbstractBlock {
  private static final byte VERSION = 1;

  /** How inference realises the asymmetric stride-2 pad: kernel (folded, default) or pad (explicit copy). */
  static final String SAME_PAD = System.getProperty("dermmgmt.samepad", "kernel");

  private final int kernel;
  private final int stride;
  private final int inChannels;
  private final int outChannels;
  private final boolean depthwise;
  private final boolean relu6;
  private final Conv2d conv;

  SameConv(int inChannels, int outChannels, int kernel, int stride, boolean depthwise, boolean relu6) {
    super(VERSION);
    if (depthwise && inChannels != outChannels) {
      throw new IllegalArgumentException(
          "depthwise conv needs in == out channels, got " + inChannels + " and " + outChannels);
    }
    this.kernel = kernel;
    this.stride = stride;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.depthwise = depthwise;
    this.relu6 = relu6;
    int builtInPad = stride == 1 ? (kernel - 1) / 2 : 0;
    this.conv =
        addChildBlock(
            "conv",
            Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(outChannels)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(builtInPad, builtInPad))
                .optGroups(depthwise ? inChannels : 1)
                .optBias(true)
                .build());
    if (stride == 1 && kernel % 2 == 0) {
      throw new IllegalArgumentException("stride-1 SAME conv needs an odd kernel, got " + kernel);
    }
  }

  int kernel() {
    return kernel;
  }

  int stride() {
    return stride;
  }

  int inChannels() {
    return inChannels;
  }

  int outChannels() {
    return outChannels;
  }

  boolean depthwise() {
    return depthwise;
  }

  boolean relu6() {
    return relu6;
  }

  Parameter weight() {
    return conv.getParameters().get("weight");
  }

  Parameter bias() {
    return conv.getParameters().get("bias");
  }

  /** Explicit (before, after) padding of one spatial dimension; zero when the conv pads itself. */
  int[] explicitPad(long size) {
    if (stride == 1) {
      return new int[] {0, 0};
    }
    long out = (size + stride - 1) / stride;
    int total = (int) Math.max((out - 1) * stride + kernel - size, 0);
    return new int[] {total / 2, total - total / 2};
  }

  private Shape paddedShape(Shape input) {
    int[] h = explicitPad(input.get(2));
    int[] w = explicitPad(input.get(3));
    return new Shape(input.get(0), input.get(1), input.get(2) + h[0] + h[1], input.get(3) + w[0] + w[1]);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape s = x.getShape();
    int[] h = explicitPad(s.get(2));
    int[] w = explicitPad(s.get(3));
    if (!training && "kernel".equals(SAME_PAD) && kernel == 3 && stride == 2
        && h[0] == 0 && h[1] == 1 && w[0] == 0 && w[1] == 1) {
      return new NDList(foldedPadConv(parameterStore, x));
    }
    if (h[0] + h[1] + w[0] + w[1] > 0) {
      // Pad spec runs from the last axis: (left, right, top, bottom).
      x = x.pad(new Shape(w[0], w[1], h[0], h[1]), 0);
    }
    if (Cast.isBf16(x)) {
      return new NDList(mixedPrecision(parameterStore, x, training));
    }
    if (kernel == 1 && stride == 1 && !depthwise && CheckedPointwise.inForce()) {
      NDArray w1 = parameterStore.getValue(weight(), x.getDevice(), training);
      NDArray b1 = parameterStore.getValue(bias(), x.getDevice(), training);
      NDArray y = CheckedPointwise.conv(x, w1, b1);
      return new NDList(relu6 ? Relu6.apply(y, training) : y);
    }
    NDArray y = conv.forward(parameterStore, new NDList(x), training).singletonOrThrow();
    return new NDList(relu6 ? Relu6.apply(y, training) : y);
  }

  /**
   * The (explicitly padded) bf16 input through the convolution in mixed precision, on bf16 copies
   * of the fp32 weights (oneDNN accumulates in fp32); stride-2 depthwise ones in fp32 between two
   * casts: libtorch 2.7.1's bf16 backward of a stride-2 depthwise convolution takes 3-30 times
   * fp32's, where stride-1 depthwise ones cost about the same and all others about half
   * (BENCHMARKS.md, "bf16").
   */
  private NDArray mixedPrecision(ParameterStore parameterStore, NDArray x, boolean training) {
    if (depthwise && stride == 2) {
      NDArray y = conv.forward(parameterStore, new NDList(Cast.to(x, Precision.FP32, training)), training)
          .singletonOrThrow();
      return Cast.to(relu6 ? Relu6.apply(y, training) : y, Precision.BF16, training);
    }
    NDManager batch = x.getManager();
    NDArray w = Cast.to(parameterStore.getValue(weight(), x.getDevice(), training), Precision.BF16, training, batch);
    NDArray b = Cast.to(parameterStore.getValue(bias(), x.getDevice(), training), Precision.BF16, training, batch);
    int pad = stride == 1 ? (kernel - 1) / 2 : 0; // as the Conv2d block pads itself
    NDArray y = Conv2d.conv2d(x, w, b, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1),
        depthwise ? inChannels : 1)
        .singletonOrThrow();
    return relu6 ? Relu6.apply(y, training) : y;
  }

  /** The stride-2 convolution with the (0, 1) SAME pad folded into a zero-bordered 4x4 kernel. */
  NDArray foldedPadConv(ParameterStore parameterStore, NDArray x) {
    NDArray w3 = parameterStore.getValue(weight(), x.getDevice(), false);
    NDArray b = parameterStore.getValue(bias(), x.getDevice(), false);
    // Pad spec runs from the last axis: one zero column on the left, one zero row on top.
    NDArray w4 = w3.pad(new Shape(1, 0, 1, 0), 0);
    w4.attach(x.getManager()); // else it would belong to the model's manager and outlive the batch
    NDArray y = Conv2d.conv2d(x, w4, b, new Shape(stride, stride), new Shape(1, 1), new Shape(1, 1),
        depthwise ? inChannels : 1).singletonOrThrow();
    return relu6 ? Relu6.apply(y, false) : y;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {
      new Shape(in.get(0), outChannels, ceilDiv(in.get(2), stride), ceilDiv(in.get(3), stride))
    };
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 4 || in.get(1) != inChannels) {
      throw new IllegalArgumentException(
          "expected input (N, " + inChannels + ", H, W), got " + in);
    }
    conv.initialize(manager, dataType, paddedShape(in));
  }
}
