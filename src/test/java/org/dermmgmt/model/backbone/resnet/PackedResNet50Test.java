package org.dermmgmt.model.backbone.resnet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import org.dermmgmt.model.script.GradModeOff;
import org.junit.jupiter.api.Test;

/** The packed inference path gives the eager path's features (batch norm folded on running statistics). */
class PackedResNet50Test {

  /** Packing needs oneDNN's channels-last kernels; where they cannot be trusted nothing is packed. */
  @org.junit.jupiter.api.BeforeEach
  void onlyWhereTheFastKernelsRun() {
    org.junit.jupiter.api.Assumptions.assumeTrue(org.dermmgmt.model.script.Kernels.current()
        == org.dermmgmt.model.script.Kernels.FAST, "this CPU runs the safe kernels: nothing is packed");
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

  @Test
  void packedFeaturesEqualTheEagerOnesForBatchesOfOneAndSeveral() throws Exception {
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      ResNet50 net = ResNet50.tiny().build();
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
      randomise(net, manager);
      ParameterStore ps = new ParameterStore(manager, false);
      // 64 x 64 and an odd, non-square 57 x 70 (the stem's and pool's floor divisions).
      Shape[] shapes = {new Shape(1, 3, 64, 64), new Shape(3, 3, 64, 64), new Shape(2, 3, 57, 70)};
      NDArray[] inputs = new NDArray[shapes.length];
      NDArray[] eager = new NDArray[shapes.length];
      for (int i = 0; i < shapes.length; i++) {
        inputs[i] = manager.randomUniform(-100, 100, shapes[i]);
        eager[i] = net.features(ps, inputs[i], false);
      }
      try (AutoCloseable packs = net.packForInference(org.dermmgmt.model.script.Precision.FP32)) {
        for (int i = 0; i < shapes.length; i++) {
          NDArray packed = net.features(ps, inputs[i], false);
          assertThat(packed.getShape()).isEqualTo(eager[i].getShape());
          float gap = packed.sub(eager[i]).abs().max().getFloat() / eager[i].abs().max().getFloat();
          assertThat(gap).as("batch %s", shapes[i]).isLessThan(1e-5f);
        }
        assertThat(net.packed().packs()).isEqualTo(3);
        // Training forwards keep the eager layers (and their batch norm mode).
        net.features(ps, inputs[1], true);
        assertThat(net.packed().packs()).isEqualTo(3);
      }
      assertThat(net.packed()).isNull();
    }
  }
}
