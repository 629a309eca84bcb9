package org.dermmgmt.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class MobileNetV2Test {

  /** The "tiny backbone" for fast CI: random weights, small width, 32x32 input. */
  @Test
  void tinyBackboneRunsHeadlessAndWithClassifier() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MobileNetV2 headless =
          MobileNetV2.builder().optWidthMultiplier(0.25f).optLastChannels(64).build();
      headless.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
      assertThat(headless.featureSize()).isEqualTo(64);
      assertThat(headless.getOutputShapes(new Shape[] {new Shape(2, 3, 32, 32)})[0])
          .isEqualTo(new Shape(2, 64));
      assertThat(headless.layers()).hasSize(52);

      MobileNetV2 classifier =
          MobileNetV2.builder().optWidthMultiplier(0.25f).optLastChannels(64).optNumClasses(5).build();
      classifier.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
      assertThat(classifier.layers()).hasSize(53);

      try (NDManager batch = manager.newSubManager()) {
        NDArray x = batch.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
        ParameterStore ps = new ParameterStore(batch, false);
        NDArray f = headless.forward(ps, new NDList(x), false).singletonOrThrow();
        assertThat(f.getShape()).isEqualTo(new Shape(2, 64));
        NDArray logits = classifier.forward(ps, new NDList(x), false).singletonOrThrow();
        assertThat(logits.getShape()).isEqualTo(new Shape(2, 5));
        assertThat(classifier.features(ps, x, false).getShape()).isEqualTo(new Shape(2, 64));
        // Odd and non-square sizes work too (TF SAME then pads 1 on each side at stride 2).
        NDArray odd = batch.randomUniform(-1, 1, new Shape(1, 3, 33, 40));
        assertThat(headless.forward(ps, new NDList(odd), false).singletonOrThrow().getShape())
            .isEqualTo(new Shape(1, 64));
      }
    }
  }

  /**
   * Whatever a forward makes goes with its batch: the model's manager holds only parameters (the
   * stride-2 convolutions' zero-bordered kernels once stayed on it, ~70 KB per forward).
   */
  @Test
  void forwardsLeaveNoArrayOnTheModelsManager() {
    try (NDManager model = NDManager.newBaseManager()) {
      MobileNetV2 net = MobileNetV2.builder().optWidthMultiplier(0.25f).optLastChannels(64).build();
      net.initialize(model, DataType.FLOAT32, new Shape(2, 3, 32, 32));
      int before = model.getManagedArrays().size();
      for (int i = 0; i < 3; i++) {
        try (NDManager batch = model.newSubManager()) {
          net.forward(new ParameterStore(batch, false),
              new NDList(batch.randomUniform(-1, 1, new Shape(2, 3, 32, 32))), false);
        }
      }
      assertThat(model.getManagedArrays().size()).isEqualTo(before);
    }
  }

  @Test
  void fullSizeHasTheTfliteParameterCount() {
    try (NDManager manager = NDManager.newBaseManager()) {
      MobileNetV2 net = MobileNetV2.builder().optNumClasses(1001).build();
      net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224));
      assertThat(net.featureSize()).isEqualTo(1280);
      // Weights + biases of the TFLite file (3,488,878 constants minus the 2-value reshape shape).
      assertThat(net.parameterCount()).isBetween(3_480_000L, 3_500_000L);
      assertThat(net.getOutputShapes(new Shape[] {new Shape(4, 3, 224, 224)})[0])
          .isEqualTo(new Shape(4, 1001));
      MobileNetV2.Layer dw = net.layers().get(1);
      assertThat(dw.kind()).isEqualTo(MobileNetV2.Kind.DEPTHWISE);
      assertThat(dw.weight().getArray().getShape()).isEqualTo(new Shape(32, 1, 3, 3));
    }
  }

  /** Stride 2 on an even size: TF pads 0 top/left and 1 bottom/right; PyTorch would pad 1/1. */
  @Test
  void strideTwoPadsLikeTensorflow() {
    try (NDManager manager = NDManager.newBaseManager()) {
      SameConv conv = new SameConv(1, 1, 3, 2, false, false);
      conv.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 4, 4));
      conv.weight().getArray().set(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1});
      conv.bias().getArray().set(new float[] {0});
      NDArray x = manager.ones(new Shape(1, 1, 4, 4));
      NDArray y =
          conv.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
      assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 2, 2));
      // top-left window fully inside (9), right/bottom windows hang over the padded edge.
      assertThat(y.toFloatArray()).containsExactly(9f, 6f, 6f, 4f);
    }
  }

  /**
   * Both training forms of ReLU6 (TorchScript hardtanh, and the two-relu fallback) equal the
   * inference clip, and their gradient is 1 strictly inside (0, 6) and 0 outside.
   */
  @Test
  void reluSixTrainingFormsMatchClipWithTheirGradient() {
    assertThat(Relu6.scripted()).as("the TorchScript ReLU6 written from source loads into libtorch").isTrue();
    for (boolean scripted : new boolean[] {true, false}) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray x = manager.create(new float[] {-3f, -0.5f, 0.5f, 2f, 5.5f, 6.5f, 100f});
        x.setRequiresGradient(true);
        try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
          NDArray y = scripted ? Relu6.apply(x, true) : Relu6.twoRelus(x);
          assertThat(y.toFloatArray()).containsExactly(x.clip(0, 6).toFloatArray());
          gc.backward(y.sum());
        }
        assertThat(x.getGradient().toFloatArray()).as("scripted=" + scripted)
            .containsExactly(0f, 0f, 1f, 1f, 1f, 0f, 0f);
      }
    }
  }

  /** At inference ReLU6 clamps the fresh convolution output in place, through TorchScript. */
  @Test
  void reluSixInferenceClampsInPlace() {
    assertThat(Relu6.scriptedInPlace()).as("the in-place TorchScript ReLU6 loads into libtorch").isTrue();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(new float[] {-3f, -0.5f, 0.5f, 2f, 5.5f, 6.5f, 100f});
      NDArray y = Relu6.apply(x, false);
      assertThat(y.toFloatArray()).containsExactly(0f, 0f, 0.5f, 2f, 5.5f, 6f, 6f);
      assertThat(x.toFloatArray()).as("clamped in place").containsExactly(y.toFloatArray());
    }
  }

  /** The channels-last copy holds the same values, and convolutions give the same results on it. */
  @Test
  void channelsLastInputGivesTheSameConvolutions() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape in = new Shape(2, 3, 40, 48);
      NDArray x = manager.randomUniform(-3, 3, in);
      NDArray cl = MemoryLayout.channelsLast(x);
      assertThat(cl.getShape()).isEqualTo(in);
      assertThat(cl.toFloatArray()).containsExactly(x.toFloatArray());
      ParameterStore ps = new ParameterStore(manager, false);
      for (SameConv conv : java.util.List.of(new SameConv(3, 8, 3, 2, false, true),
          new SameConv(3, 3, 3, 2, true, true), new SameConv(3, 8, 1, 1, false, false))) {
        conv.initialize(manager, DataType.FLOAT32, in);
        for (boolean training : new boolean[] {false, true}) {
          float[] plain = conv.forward(ps, new NDList(x), training).singletonOrThrow().toFloatArray();
          float[] last = conv.forward(ps, new NDList(cl), training).singletonOrThrow().toFloatArray();
          assertThat(last).as("k%d s%d training=%s", conv.kernel(), conv.stride(), training)
              .usingComparatorWithPrecision(1e-4f).containsExactly(plain);
        }
      }
    }
  }

  /** No batch norm or dropout in the backbone: training-mode features equal inference features. */
  @Test
  void trainingForwardEqualsInferenceForward() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape in = new Shape(3, 3, 64, 64);
      MobileNetV2 net = MobileNetV2.builder().optWidthMultiplier(0.5f).optLastChannels(64).build();
      net.initialize(manager, DataType.FLOAT32, in);
      NDArray x = manager.randomUniform(-3, 3, in);
      ParameterStore ps = new ParameterStore(manager, false);
      float[] inference = net.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
      try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        float[] training = net.forward(ps, new NDList(x), true).singletonOrThrow().toFloatArray();
        assertThat(training).usingComparatorWithPrecision(1e-4f).containsExactly(inference);
      }
    }
  }

  /** Fine-tuned backbones are saved with DJL's parameter stream; the round trip must be exact. */
  @Test
  void parametersRoundTrip() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Shape in = new Shape(1, 3, 32, 32);
      MobileNetV2 a = MobileNetV2.builder().optWidthMultiplier(0.25f).optLastChannels(32).build();
      a.initialize(manager, DataType.FLOAT32, in);
      var bytes = new java.io.ByteArrayOutputStream();
      a.saveParameters(new java.io.DataOutputStream(bytes));
      MobileNetV2 b = MobileNetV2.builder().optWidthMultiplier(0.25f).optLastChannels(32).build();
      b.loadParameters(manager, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
      NDArray x = manager.randomUniform(-1, 1, in);
      ParameterStore ps = new ParameterStore(manager, false);
      assertThat(b.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray())
          .containsExactly(a.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray());
    }
  }

  @Test
  void builderRejectsBadValues() {
    assertThatThrownBy(() -> MobileNetV2.builder().optWidthMultiplier(0f))
        .hasMessageContaining("expected a finite value > 0, got 0.0");
    assertThatThrownBy(() -> MobileNetV2.builder().optNumClasses(-1))
        .hasMessageContaining("expected >= 0, got -1");
  }
}
