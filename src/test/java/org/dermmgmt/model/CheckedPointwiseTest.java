package org.dermmgmt.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** MobileNetV2's checked 1x1 convolutions: the matrix-product form and the checked path equal oneDNN's NCHW convolution. */
class CheckedPointwiseTest {

  private static float gap(NDArray a, NDArray reference) {
    return a.sub(reference).abs().max().getFloat() / Math.max(reference.abs().max().getFloat(), 1e-12f);
  }

  /** Values and gradients (input, weight, bias) of the matrix product equal the NCHW convolution's. */
  @Test
  void theMatrixProductIsTheConvolutionForwardAndBackward() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray[] viaConv = gradients(m, false);
      NDArray[] viaMatMul = gradients(m, true);
      for (int i = 0; i < viaConv.length; i++) {
        assertThat(viaMatMul[i].getShape()).isEqualTo(viaConv[i].getShape());
        assertThat(gap(viaMatMul[i], viaConv[i])).as("output, dx, dw, db: %d", i).isLessThan(1e-5f);
      }
    }
  }

  private static NDArray[] gradients(NDManager m, boolean matMul) {
    m.getEngine().setRandomSeed(7);
    NDArray x = m.randomNormal(new Shape(3, 24, 5, 6));
    NDArray w = m.randomNormal(new Shape(40, 24, 1, 1)).div(5f);
    NDArray b = m.randomNormal(new Shape(40));
    NDArray gy = m.randomNormal(new Shape(3, 40, 5, 6));
    NDArray in = matMul ? MemoryLayout.channelsLast(x) : x;
    in.setRequiresGradient(true);
    w.setRequiresGradient(true);
    b.setRequiresGradient(true);
    NDArray y;
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      y = matMul ? CheckedPointwise.matMul(in, w, b) : Conv2d.conv2d(in, w, b).singletonOrThrow();
      collector.backward(y.mul(gy).sum());
    }
    return new NDArray[] {y.duplicate(), in.getGradient().duplicate(), w.getGradient().duplicate(), b.getGradient().duplicate()};
  }

  /**
   * The checked path equals oneDNN's NCHW convolution on channels-last maps, for shapes oneDNN
   * computes wrongly channels-last where the CPU hides its caches (960→320 and 320→1280 at 7x7
   * batch 8; BENCHMARKS.md) and for one it computes right: there the check must route the first
   * two to matrix products.
   */
  @Test
  void checkedConvolutionsAreRightWhereOneDnnsChannelsLastKernelsAreNot() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      long[][] shapes = {{8, 960, 7, 320}, {8, 320, 7, 1280}, {8, 96, 14, 24}};
      for (long[] s : shapes) {
        NDArray x = m.randomNormal(new Shape(s[0], s[1], s[2], s[2]));
        NDArray w = m.randomNormal(new Shape(s[3], s[1], 1, 1)).div((float) Math.sqrt(s[1]));
        NDArray b = m.randomNormal(new Shape(s[3]));
        NDArray nchw = Conv2d.conv2d(x, w, b).singletonOrThrow();
        NDArray checked = CheckedPointwise.conv(MemoryLayout.channelsLast(x), w, b);
        assertThat(gap(checked, nchw)).as("shape %s", java.util.Arrays.toString(s)).isLessThan(1e-5f);
      }
    }
  }
}
