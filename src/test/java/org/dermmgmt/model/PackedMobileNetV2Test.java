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
import org.dermmgmt.model.script.ConvLines;
import org.dermmgmt.model.script.GradModeOff;
import org.dermmgmt.model.script.Packable;
import org.dermmgmt.model.script.PackedInference;
import org.dermmgmt.model.script.PackedInference.Pointwise;
import org.dermmgmt.model.script.Precision;
import org.junit.jupiter.api.Test;

/** The packed inference path gives the eager path's features, for every padding case and batch size. */
class PackedMobileNetV2Test {

  /**
   * On the fast kernels MobileNetV2 packs trusting oneDNN; on the safe ones each pack is checked
   * layer by layer ({@link Pointwise#CHECKED}): either way the features are the eager ones.
   */
  @org.junit.jupiter.api.BeforeEach
  void packingIsOn() {
    org.junit.jupiter.api.Assumptions.assumeTrue("packed".equals(Packable.MODE), "-Ddermmgmt.inference=eager");
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

  /** Every 1x1 convolution as a matrix product over the channels-last maps: the eager features. */
  @Test
  void pointwiseConvolutionsAsMatrixProductsGiveTheEagerFeatures() throws Exception {
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileNetV2 net = net(manager, 0.5f, 128);
      ParameterStore ps = new ParameterStore(manager, false);
      for (Shape shape : new Shape[] {new Shape(3, 3, 64, 64), new Shape(1, 3, 33, 40)}) {
        NDArray x = manager.randomUniform(-1, 1, shape);
        NDArray eager = net.features(ps, x, false);
        try (PackedInference p = new PackedInference((h, w) -> new PackedMobileNetV2(net, h, w), Precision.FP32, Pointwise.MATMUL)) {
          NDArray packed = p.run(MemoryLayout.channelsLast(x));
          assertThat(relativeGap(packed, eager)).as("batch %s", shape).isLessThan(1e-5f);
          // 17 blocks, 16 of them expanding (two 1x1 each), the first with one, and the head.
          assertThat(p.matMulLayers()).isEqualTo(16 * 2 + 1 + 1);
        }
      }
    }
  }

  /**
   * A checked pack finds a 1x1 layer whose packed weights are wrong (here made wrong on purpose)
   * and computes it as a matrix product instead; the same plan trusted to oneDNN is wrong.
   */
  @Test
  void aCheckedPackReplacesAWrongPointwiseLayer() throws Exception {
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileNetV2 net = net(manager, 0.25f, 64);
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray x = manager.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
      NDArray eager = net.features(ps, x, false);
      int head = 2 * 51; // the head's 1x1 convolution: after the stem and the blocks' 50
      java.util.function.BiFunction<Long, Long, PackedInference.Plan> corrupted = (h, w) -> new Corrupted(new PackedMobileNetV2(net, h, w), head);
      try (PackedInference trusting = new PackedInference(corrupted, Precision.FP32, Pointwise.ONEDNN)) {
        assertThat(relativeGap(trusting.run(MemoryLayout.channelsLast(x)), eager)).as("the fault is real").isGreaterThan(1e-2f);
      }
      try (PackedInference checked = new PackedInference(corrupted, Precision.FP32, Pointwise.CHECKED)) {
        assertThat(relativeGap(checked.run(MemoryLayout.channelsLast(x)), eager)).isLessThan(1e-5f);
        assertThat(checked.matMulLayers()).isPositive();
      }
    }
  }

  /** A checked pack whose wrong layer is not 1x1 (the stem here) is not used: the caller runs eager. */
  @Test
  void aCheckedPackWithAWrongLayerThatIsNotPointwiseIsRefused() throws Exception {
    try (GradModeOff off = GradModeOff.open(); NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileNetV2 net = net(manager, 0.25f, 64);
      NDArray x = manager.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
      try (PackedInference checked = new PackedInference((h, w) -> new Corrupted(new PackedMobileNetV2(net, h, w), 0), Precision.FP32, Pointwise.CHECKED)) {
        assertThat(checked.run(MemoryLayout.channelsLast(x))).isNull();
        assertThat(checked.run(MemoryLayout.channelsLast(x))).as("remembered per input size").isNull();
        assertThat(checked.packs()).isOne();
      }
    }
  }

  /** A plan whose oneDNN-packed weights of one convolution are scaled by 1.5 (its matrix-product form is left right). */
  private record Corrupted(PackedInference.Plan plan, int layer) implements PackedInference.Plan {
    @Override
    public String forwardBody(ConvLines lines) {
      return plan.forwardBody(lines);
    }

    @Override
    public String packBody(ConvLines lines, int batch) {
      String body = plan.packBody(lines, batch);
      String packed = "torch.to_mkldnn(ws[" + layer + "], dtype)";
      assertThat(body).contains("ws[" + layer + "]");
      return body.replace(packed, "torch.to_mkldnn(torch.mul(ws[" + layer + "], 1.5), dtype)");
    }

    @Override
    public java.util.List<NDArray> weights(NDManager scratch) {
      return plan.weights(scratch);
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
