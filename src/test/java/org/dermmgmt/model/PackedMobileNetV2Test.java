package org.dermmgmt.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.dermmgmt.model.script.GradModeOff;
import org.dermmgmt.model.script.Precision;
import org.junit.jupiter.api.Test;

/** The packed inference path gives the eager path's features, for every padding case and batch size. */
class PackedMobileNetV2Test {

  /** Packing needs oneDNN's channels-last kernels; where they cannot be trusted nothing is packed. */
  @org.junit.jupiter.api.BeforeEach
  void onlyWhereTheFastKernelsRun() {
    org.junit.jupiter.api.Assumptions.assumeTrue(org.dermmgmt.model.script.Kernels.current()
        == org.dermmgmt.model.script.Kernels.FAST, "this CPU runs the safe kernels: nothing is packed");
  }

  private static MobileNetV2 net(NDManager manager, float width, int last) {
    MobileNetV2 net = MobileNetV2.builder().optWidthMultiplier(width).optLastChannels(last).build();
    net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
    // Non-zero biases, so that a dropped or misplaced bias shows.
    for (Pair<String, Parameter> p : net.getParameters()) {
      if (p.getKey().endsWith("bias")) {
        NDArray b = p.getValue().getArray();
        b.addi(manager.randomUniform(-0.2f, 0.2f, b.getShape()));
      }
    }
    return net;
  }

  private static float relativeGap(NDArray packed, NDArray eager) {
    return packed.sub(eager).abs().max().getFloat() / Math.max(eager.abs().max().getFloat(), 1e-6f);
  }

  @Test
  void packedFeaturesEqualTheEagerOnesForEveryPaddingAndBatchSize() throws Exception {
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileNetV2 net = net(manager, 0.25f, 64);
      // Even sides: the (0, 1) stride-2 pad folded into 4x4 kernels; 33 x 40: symmetric pads on
      // one axis and (0, 1) on the other, applied before the convolution; batches of 1 and of several.
      Shape[] shapes = {new Shape(2, 3, 32, 32), new Shape(1, 3, 32, 32), new Shape(5, 3, 32, 32), new Shape(3, 3, 33, 40)};
      NDArray[] eager = new NDArray[shapes.length];
      NDArray[] inputs = new NDArray[shapes.length];
      ParameterStore ps = new ParameterStore(manager, false);
      for (int i = 0; i < shapes.length; i++) {
        inputs[i] = manager.randomUniform(-1, 1, shapes[i]);
        eager[i] = net.features(ps, inputs[i], false);
      }
      try (AutoCloseable packs = net.packForInference(Precision.FP32)) {
        assertThat(net.packed()).as("packing is the default").isNotNull();
        for (int i = 0; i < shapes.length; i++) {
          NDArray packed = net.features(ps, inputs[i], false);
          assertThat(packed.getShape()).isEqualTo(eager[i].getShape());
          assertThat(relativeGap(packed, eager[i])).as("batch %s", shapes[i]).isLessThan(1e-5f);
        }
        // One pack for batches of one, one shared by batches of 2 and 5, one for the other size.
        assertThat(net.packed().packs()).isEqualTo(3);
      }
      assertThat(net.packed()).as("closing returns to the eager path").isNull();
    }
  }

  @Test
  void fullWidthNetworkAgreesToo() throws Exception {
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileNetV2 net = net(manager, 1f, 1280);
      NDArray x = manager.randomUniform(-1, 1, new Shape(2, 3, 96, 96));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray eager = net.features(ps, x, false);
      try (AutoCloseable packs = net.packForInference(Precision.FP32)) {
        NDArray packed = net.features(ps, x, false);
        assertThat(packed.getShape()).isEqualTo(new Shape(2, 1280));
        assertThat(relativeGap(packed, eager)).isLessThan(1e-5f);
      }
    }
  }

  /**
   * bf16 packs (CPUs with native bf16 only) give the fp32 features to bf16 rounding, and a case's
   * features do not depend on the batch it runs in (the same case alone and among others, bit for bit).
   */
  @Test
  void bf16PacksAgreeToBf16RoundingWhateverTheBatch() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Precision.usableBf16(), "this CPU has no native bf16");
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileNetV2 net = net(manager, 1f, 1280);
      NDArray x = manager.randomUniform(-1, 1, new Shape(5, 3, 96, 96));
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray eager = net.features(ps, x, false);
      try (AutoCloseable packs = net.packForInference(Precision.BF16)) {
        assertThat(net.packed().precision()).isEqualTo(Precision.BF16);
        NDArray batch = net.features(ps, x, false);
        NDArray alone = net.features(ps, x.get("0:1"), false);
        NDArray pair = net.features(ps, x.get("3:5"), false);
        assertThat(batch.getDataType()).as("pooled in fp32").isEqualTo(DataType.FLOAT32);
        // Random weights amplify rounding layer after layer (a few percent here; the real
        // networks' ImageNet probabilities move by < 0.03: the import tests).
        assertThat(relativeGap(batch, eager)).as("bf16 rounding, not fp32's").isGreaterThan(1e-4f).isLessThan(0.15f);
        // oneDNN computes each case alone: the same bits whatever else is in the batch, so
        // predict (a case's views), evaluate (many cases) and the service (batched requests) agree.
        assertThat(pair.toFloatArray()).as("same pack, other batch").isEqualTo(batch.get("3:5").toFloatArray());
        assertThat(alone.toFloatArray()).as("the batch-of-one pack").isEqualTo(batch.get("0:1").toFloatArray());
      }
    }
  }

  /** Autograd (training, Grad-CAM) and training forwards keep the eager layers. */
  @Test
  void gradientsAndTrainingKeepTheEagerPath() throws Exception {
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileNetV2 net = net(manager, 0.25f, 64);
      NDArray x = manager.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
      ParameterStore ps = new ParameterStore(manager, false);
      try (AutoCloseable packs = net.packForInference(Precision.FP32)) {
        JniUtils.setGradMode(true); // as Grad-CAM and training record the graph
        net.features(ps, x, false);
        JniUtils.setGradMode(false);
        net.features(ps, x, true);
        assertThat(net.packed().packs()).isZero();
        net.features(ps, x, false);
        assertThat(net.packed().packs()).isOne();
      }
    }
  }
}
