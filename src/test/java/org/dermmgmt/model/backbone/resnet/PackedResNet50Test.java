package org.dermmgmt.model.backbone.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import org.dermmgmt.model.MemoryLayout;
import org.dermmgmt.model.script.GradModeOff;
import org.dermmgmt.model.script.Packable;
import org.dermmgmt.model.script.PackedInference;
import org.dermmgmt.model.script.PackedInference.Pointwise;
import org.dermmgmt.model.script.Precision;
import org.junit.jupiter.api.Test;

/** The packed inference path gives the eager path's features (batch norm folded on running statistics). */
class PackedResNet50Test {

  /**
   * On the fast kernels ResNet-50 packs trusting oneDNN; on the safe ones its 1x1 convolutions are
   * matrix products and the other layers are checked ({@link Pointwise#MATMUL_CHECKED}): either
   * way the features are the eager ones.
   */
  @org.junit.jupiter.api.BeforeEach
  void packingIsOn() {
    org.junit.jupiter.api.Assumptions.assumeTrue("packed".equals(Packable.MODE), "-Ddermmgmt.inference=eager");
  }

  private static float gap(NDArray packed, NDArray eager) {
    return packed.sub(eager).abs().max().getFloat() / eager.abs().max().getFloat();
  }

  /** Statistics, scales, shifts and biases far from their initial values, so a misfold shows. */
  private static void randomise(ResNet50 net, NDManager manager) {
    for (ConvBn l : net.layers()) {
      Shape s = new Shape(l.outChannels());
      l.runningMean().getArray().set(manager.randomNormal(s).mul(0.1f).toFloatArray());
      l.runningVar().getArray().set(manager.randomUniform(0.5f, 2f, s).toFloatArray());
      l.gamma().getArray().set(manager.randomUniform(0.5f, 1.5f, s).toFloatArray());
      l.beta().getArray().set(manager.randomNormal(s).mul(0.1f).toFloatArray());
      l.bias().getArray().set(manager.randomNormal(s).mul(0.1f).toFloatArray());
    }
  }

  /** A network of {@code builder}'s shape with {@link #randomise randomised} statistics and biases. */
  private static ResNet50 randomised(ResNet50Builder builder, NDManager manager) {
    ResNet50 net = builder.build();
    net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
    randomise(net, manager);
    return net;
  }

  /** A randomised network, a random input of {@code input}'s shape and its eager features. */
  private record Case(ResNet50 net, NDArray x, NDArray eager) {
    static Case of(ResNet50Builder builder, NDManager manager, Shape input) {
      ResNet50 net = randomised(builder, manager);
      NDArray x = manager.randomUniform(-100, 100, input);
      return new Case(net, x, features(net, manager, x));
    }
  }

  /** The inference features of {@code x}: packed while packing is in force, else eager. */
  private static NDArray features(ResNet50 net, NDManager manager, NDArray x) {
    return net.features(new ParameterStore(manager, false), x, false);
  }

  @Test
  void packedFeaturesEqualTheEagerOnesForBatchesOfOneAndSeveral() throws Exception {
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      ResNet50 net = randomised(ResNet50.tiny(), manager);
      ParameterStore ps = new ParameterStore(manager, false);
      // 64 x 64 and an odd, non-square 57 x 70 (the stem's and pool's floor divisions).
      Shape[] shapes = {new Shape(1, 3, 64, 64), new Shape(3, 3, 64, 64), new Shape(2, 3, 57, 70)};
      NDArray[] inputs = new NDArray[shapes.length];
      NDArray[] eager = new NDArray[shapes.length];
      for (int i = 0; i < shapes.length; i++) {
        inputs[i] = manager.randomUniform(-100, 100, shapes[i]);
        eager[i] = net.features(ps, inputs[i], false);
      }
      try (AutoCloseable packs = net.packForInference(Precision.FP32)) {
        for (int i = 0; i < shapes.length; i++) {
          NDArray packed = net.features(ps, inputs[i], false);
          assertThat(packed.getShape()).isEqualTo(eager[i].getShape());
          assertThat(gap(packed, eager[i])).as("batch %s", shapes[i]).isLessThan(1e-5f);
        }
        assertThat(net.packed().packs()).isEqualTo(3);
        // Training forwards keep the eager layers (and their batch norm mode).
        net.features(ps, inputs[1], true);
        assertThat(net.packed().packs()).isEqualTo(3);
      }
      assertThat(net.packed()).isNull();
    }
  }

  /** Every 1x1 convolution, stride 2 included, as a matrix product over channels-last maps. */
  @Test
  void pointwiseConvolutionsAsMatrixProductsGiveTheEagerFeatures() throws Exception {
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Case c = Case.of(ResNet50.tiny(), manager, new Shape(3, 3, 57, 70));
      ResNet50 net = c.net();
      try (PackedInference p = new PackedInference((h, w) -> new PackedResNet50(net, h, w), Precision.FP32, Pointwise.MATMUL)) {
        assertThat(gap(p.run(MemoryLayout.channelsLast(c.x())), c.eager())).isLessThan(1e-5f);
        // Two 1x1 convolutions per block, one more (the projection) in each stage's first.
        long pointwise = net.layers().stream().filter(l -> l.kernel() == 1).count();
        assertThat(pointwise).isEqualTo(2L * net.blocks().size() + 4);
        assertThat(p.matMulLayers()).isEqualTo((int) pointwise);
      }
    }
  }

  /**
   * The full-width network packs as this process's kernels pack it (on CPUs that hide their caches
   * without creating one oneDNN 1x1 kernel, some of which divide by zero there) and agrees.
   */
  @Test
  void fullWidthNetworkAgreesToo() throws Exception {
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      Case c = Case.of(ResNet50.builder(), manager, new Shape(2, 3, 96, 96));
      try (AutoCloseable packs = c.net().packForInference(Precision.FP32)) {
        NDArray packed = features(c.net(), manager, c.x());
        assertThat(packed.getShape()).isEqualTo(new Shape(2, 2048));
        assertThat(gap(packed, c.eager())).isLessThan(1e-5f);
      }
    }
  }
}
