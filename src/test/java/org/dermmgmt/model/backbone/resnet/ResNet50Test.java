package org.dermmgmt.model.backbone.resnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** CI-speed tests of the block on the tiny variant (random weights, 64x64 inputs). */
class ResNet50Test {
  private static final Shape INPUT = new Shape(2, 3, 64, 64);

  /** The safe kernels' 1x1 convolution as a matrix product: the convolution's values and gradients. */
  @Test
  void pointwiseMatMulIsThe1x1Convolution() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      for (int stride : new int[] {1, 2}) {
        for (Shape in : List.of(new Shape(2, 12, 9, 7), new Shape(1, 12, 8, 8))) {
          NDArray x = manager.randomNormal(in);
          NDArray w = manager.randomNormal(new Shape(5, 12, 1, 1));
          NDArray b = manager.randomNormal(new Shape(5));
          NDArray[] grads = new NDArray[2];
          NDArray[] outs = new NDArray[2];
          for (int way = 0; way < 2; way++) {
            NDArray xw = x.duplicate();
            xw.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              NDArray y = way == 0
                  ? ConvBn.pointwiseAsMatMul(xw, w, b, stride)
                  : ai.djl.nn.convolutional.Conv2d.conv2d(xw, w, b, new Shape(stride, stride), new Shape(0, 0),
                      new Shape(1, 1), 1).singletonOrThrow();
              gc.backward(y.mul(y.add(1)).sum());
              outs[way] = y.duplicate();
              grads[way] = xw.getGradient().duplicate();
            }
          }
          assertThat(outs[0].getShape()).isEqualTo(outs[1].getShape());
          assertThat(outs[0].sub(outs[1]).abs().max().getFloat()).as("stride %d %s", stride, in).isLessThan(1e-4f);
          assertThat(grads[0].sub(grads[1]).abs().max().getFloat()).as("gradient, stride %d %s", stride, in)
              .isLessThan(1e-3f);
        }
      }
    }
  }

  @Test
  void tinyVariantHasTheStructureAndShapes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ResNet50 tiny = ResNet50.tiny().build();
      tiny.initialize(manager, DataType.FLOAT32, INPUT);
      NDArray x = manager.randomNormal(INPUT);
      NDArray f = tiny.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
      assertThat(f.getShape()).isEqualTo(new Shape(2, 256));
      assertThat(tiny.featureSize()).isEqualTo(256);
      assertThat(tiny.getOutputShapes(new Shape[] {INPUT})[0]).isEqualTo(new Shape(2, 256));
      assertThat(tiny.blocks()).extracting(Bottleneck::name).containsExactly("res2a", "res3a", "res4a", "res5a");
      assertThat(tiny.layers()).hasSize(17);
      assertThat(tiny.parameterCount()).isBetween(50_000L, 200_000L);
      assertThat(tiny.isStandard()).isFalse();

      ResNet50 withHead = ResNet50.tiny().optNumClasses(10).build();
      withHead.initialize(manager, DataType.FLOAT32, INPUT);
      assertThat(withHead.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()
          .getShape()).isEqualTo(new Shape(2, 10));
    }
  }

  @Test
  void standardNetworkHasKerasNamesAndStages() {
    ResNet50 net = ResNet50.builder().build();
    assertThat(net.isStandard()).isTrue();
    assertThat(net.featureSize()).isEqualTo(2048);
    assertThat(net.batchNormMode()).isEqualTo(BatchNormMode.FROZEN);
    List<ConvBn> layers = net.layers();
    assertThat(layers).hasSize(53);
    assertThat(layers.get(0).convName()).isEqualTo("conv1");
    assertThat(layers.get(0).bnName()).isEqualTo("bn_conv1");
    assertThat(layers).extracting(ConvBn::convName).contains("res3a_branch1", "res4f_branch2c", "res5c_branch2c");
    // Keras v1: stage 3's stride is on branch2a and branch1, never on the 3x3.
    ConvBn res3a2a = layers.stream().filter(l -> l.convName().equals("res3a_branch2a")).findFirst().orElseThrow();
    ConvBn res3a2b = layers.stream().filter(l -> l.convName().equals("res3a_branch2b")).findFirst().orElseThrow();
    assertThat(res3a2a.stride()).isEqualTo(2);
    assertThat(res3a2b.stride()).isEqualTo(1);
    assertThat(net.stages()).extracting(ResNet50.Stage::name).containsExactlyElementsOf(ResNet50.STAGE_NAMES);
    assertThat(net.stages()).extracting(s -> s.layers().size()).containsExactly(1, 10, 13, 19, 10);
    assertThat(net.stages().get(3).layers().get(0).bnName()).isEqualTo("bn4a_branch1");
  }

  /** Sets the running statistics to values far from the initial 0 / 1, so that using them shows. */
  private static void randomStatistics(ResNet50 net, NDManager manager) {
    for (ConvBn l : net.layers()) {
      l.runningMean().getArray().set(manager.randomNormal(new Shape(l.outChannels())).toFloatArray());
      l.runningVar().getArray().set(manager.randomUniform(0.5f, 2f, new Shape(l.outChannels())).toFloatArray());
    }
  }

  private static HashMap<String, float[]> snapshot(ResNet50 net) {
    HashMap<String, float[]> out = new HashMap<>();
    net.getParameters().forEach(p -> out.put(p.getKey(), p.getValue().getArray().toFloatArray()));
    return out;
  }

  /**
   * One Adam step on sum(out^2) through DJL's Trainer, as fine-tuning does it; returns the
   * parameters afterwards (the model's arrays are gone once it closes).
   */
  private static HashMap<String, float[]> trainOneStep(ResNet50 net, Consumer<ResNet50> beforeStep) {
    return trainOneStep(net, beforeStep, Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build());
  }

  private static HashMap<String, float[]> trainOneStep(
      ResNet50 net, Consumer<ResNet50> beforeStep, Optimizer optimizer) {
    Engine.getInstance().setRandomSeed(7);
    try (Model model = Model.newInstance("tiny-resnet")) {
      model.setBlock(net);
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(INPUT);
        beforeStep.accept(net);
        NDManager manager = model.getNDManager();
        NDArray x = manager.randomNormal(INPUT);
        try (GradientCollector gc = trainer.newGradientCollector()) {
          NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
          gc.backward(out.square().sum());
        }
        trainer.step();
        return snapshot(net);
      }
    }
  }

  private static List<String> changed(HashMap<String, float[]> before, HashMap<String, float[]> after) {
    return after.keySet().stream()
        .filter(k -> !java.util.Arrays.equals(before.get(k), after.get(k)))
        .toList();
  }

  @Test
  void frozenBatchNormUsesAndKeepsTheRunningStatisticsInTraining() {
    ResNet50 net = ResNet50.tiny().build();
    HashMap<String, float[]>[] before = new HashMap[1];
    HashMap<String, float[]> after = trainOneStep(net, n -> {
      NDManager manager = n.layers().get(0).weight().getArray().getManager();
      randomStatistics(n, manager);
      NDArray x = manager.randomNormal(INPUT);
      float[] inference = n.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
      float[] training = n.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow().toFloatArray();
      assertThat(training).containsExactly(inference);
      before[0] = snapshot(n);
    });
    List<String> changed = changed(before[0], after);
    assertThat(changed).noneMatch(k -> k.endsWith("running" + "Mean") || k.endsWith("runningVar"));
    assertThat(changed).anyMatch(k -> k.endsWith("gamma")).anyMatch(k -> k.endsWith("weight"));
    // Every trainable parameter moved: nothing is accidentally frozen.
    assertThat(changed).hasSize(17 * 4);
  }

  @Test
  void reestimateModeNormalisesWithTheBatchAndUpdatesTheStatistics() {
    ResNet50 net = ResNet50.tiny().optBatchNorm(BatchNormMode.REESTIMATE).build();
    HashMap<String, float[]>[] before = new HashMap[1];
    HashMap<String, float[]> after = trainOneStep(net, n -> {
      NDManager manager = n.layers().get(0).weight().getArray().getManager();
      randomStatistics(n, manager);
      NDArray x = manager.randomNormal(INPUT);
      float[] inference = n.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow().toFloatArray();
      before[0] = snapshot(n);
      float[] training = n.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow().toFloatArray();
      assertThat(training).isNotEqualTo(inference);
      for (ConvBn l : n.layers()) { // undo the update of the probe forward
        l.runningMean().getArray().set(before[0].get(key(n, l.runningMean())));
        l.runningVar().getArray().set(before[0].get(key(n, l.runningVar())));
      }
    });
    List<String> changed = changed(before[0], after);
    assertThat(changed.stream().filter(k -> k.endsWith("runningMean"))).hasSize(17);
    assertThat(changed.stream().filter(k -> k.endsWith("runningVar"))).hasSize(17);
  }

  private static String key(ResNet50 net, Parameter p) {
    return net.getParameters().stream().filter(e -> e.getValue() == p).findFirst().orElseThrow().getKey();
  }

  @Test
  void frozenStagesGetNoUpdateAndKeepTheirStatistics() {
    ResNet50 net = ResNet50.tiny().optBatchNorm(BatchNormMode.REESTIMATE).build();
    HashMap<String, float[]>[] before = new HashMap[1];
    java.util.Set<String> frozenKeys = new java.util.HashSet<>();
    HashMap<String, float[]> after = trainOneStep(net, n -> {
      n.freezeStages(2); // the stem and stage 2
      assertThat(n.frozenStages()).isEqualTo(2);
      for (ResNet50.Stage s : n.stages().subList(0, 2)) {
        for (ConvBn l : s.layers()) {
          for (Parameter p : List.of(l.weight(), l.bias(), l.gamma(), l.beta(), l.runningMean(), l.runningVar())) {
            frozenKeys.add(key(n, p));
          }
        }
      }
      before[0] = snapshot(n);
    });
    List<String> changed = changed(before[0], after);
    assertThat(frozenKeys).hasSize(5 * 6);
    assertThat(changed).doesNotContainAnyElementsOf(frozenKeys);
    // Stages 3-5 (3 blocks of 4 layers) train, statistics included in this mode.
    assertThat(changed).hasSize(12 * 6);

    try (NDManager manager = NDManager.newBaseManager()) {
      ResNet50 other = ResNet50.tiny().build();
      other.initialize(manager, DataType.FLOAT32, INPUT);
      other.freezeStages(5);
      assertThat(other.getParameters().values()).noneMatch(Parameter::requiresGradient);
      other.freezeStages(0);
      assertThat(other.stages().get(0).trainableParameters()).hasSize(4).allMatch(Parameter::requiresGradient);
      assertThat(other.layers().get(0).runningMean().requiresGradient()).isFalse();
      assertThatThrownBy(() -> other.freezeStages(6)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0..5");
    }
  }

  /** Block.freezeParameters(false) thaws everything; weight decay must still not move the statistics. */
  @Test
  void runningStatisticsStayUntrainedAfterThawingEveryParameter() {
    ResNet50 net = ResNet50.tiny().build();
    HashMap<String, float[]>[] before = new HashMap[1];
    HashMap<String, float[]> after = trainOneStep(net, n -> {
      n.freezeParameters(false);
      assertThat(n.layers().get(0).runningMean().requiresGradient()).isTrue();
      before[0] = snapshot(n);
    }, Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).optWeightDecays(0.5f).build());
    assertThat(changed(before[0], after)).hasSize(17 * 4)
        .noneMatch(k -> k.endsWith("runningMean") || k.endsWith("runningVar"));
  }

  /** Saved parameters (running statistics included) load into a fresh block and give its outputs. */
  @Test
  void parametersRoundTripThroughSaveAndLoad() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      ResNet50 net = ResNet50.tiny().optNumClasses(5).build();
      net.initialize(manager, DataType.FLOAT32, INPUT);
      randomStatistics(net, manager);
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      net.saveParameters(new java.io.DataOutputStream(bytes));
      ResNet50 copy = ResNet50.tiny().optNumClasses(5).build();
      copy.loadParameters(manager, new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
      NDArray x = manager.randomNormal(INPUT);
      ParameterStore ps = new ParameterStore(manager, false);
      assertThat(copy.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray())
          .containsExactly(net.forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray());
      assertThat(copy.layers().get(3).runningVar().getArray().toFloatArray())
          .containsExactly(net.layers().get(3).runningVar().getArray().toFloatArray());
    }
  }

  /**
   * The folded weights are made per forward: they must belong to the batch, not the model. They
   * once went to the parameters' manager and frozen-feature extraction of ResNet-50 grew by about
   * 100 MB per batch until the machine ran out of memory.
   */
  @Test
  void aForwardLeavesNoArrayOnTheModelsManager() {
    try (NDManager model = NDManager.newBaseManager()) {
      ResNet50 tiny = ResNet50.tiny().build();
      tiny.initialize(model, DataType.FLOAT32, INPUT);
      int before = model.getManagedArrays().size();
      for (boolean training : new boolean[] {false, true, false}) {
        try (NDManager batch = model.newSubManager()) {
          NDArray x = batch.randomNormal(INPUT);
          try (GradientCollector gc = training ? Engine.getInstance().newGradientCollector() : null) {
            NDArray f = tiny.forward(new ParameterStore(batch, false), new NDList(x), training).singletonOrThrow();
            if (gc != null) {
              gc.backward(f.sum());
            }
          }
          assertThat(model.getManagedArrays().size()).as("during the batch").isGreaterThan(before);
        }
        assertThat(model.getManagedArrays().size()).as("after a batch, training=" + training)
            .isEqualTo(before);
      }
    }
  }

  /** Folding the running-statistics batch norm into the conv computes the same values and gradients. */
  @Test
  void foldedBatchNormEqualsTheBatchNormOp() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(3);
      ConvBn layer = new ConvBn("c", "bn", 4, 6, 3, 2, 1, true, BatchNormMode.FROZEN);
      Shape in = new Shape(2, 4, 9, 9);
      layer.initialize(manager, DataType.FLOAT32, in);
      for (Parameter p : List.of(layer.bias(), layer.gamma(), layer.beta(), layer.runningMean())) {
        p.getArray().set(manager.randomNormal(new Shape(6)).toFloatArray());
      }
      layer.runningVar().getArray().set(manager.randomUniform(0.2f, 3f, new Shape(6)).toFloatArray());
      NDArray x = manager.randomNormal(in);
      float[][] outputs = new float[2][];
      float[][] gammaGrads = new float[2][];
      for (int i = 0; i < 2; i++) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray y = layer.compute(new ParameterStore(manager, false), x, true, i == 0);
          outputs[i] = y.toFloatArray();
          gc.backward(y.mul(y.onesLike().cumSum(1)).sum());
        }
        gammaGrads[i] = layer.gamma().getArray().getGradient().toFloatArray();
      }
      // Gradients accumulate across collectors: the second pass's own is the difference.
      for (int c = 0; c < 6; c++) {
        gammaGrads[1][c] -= gammaGrads[0][c];
      }
      assertThat(layer.getOutputShapes(new Shape[] {in})[0]).isEqualTo(new Shape(2, 6, 5, 5));
      assertThat(outputs[0]).containsExactly(outputs[1], org.assertj.core.data.Offset.offset(1e-4f));
      assertThat(gammaGrads[0]).containsExactly(gammaGrads[1], org.assertj.core.data.Offset.offset(1e-3f));
      assertThat(gammaGrads[0]).isNotEqualTo(new float[6]);
    }
  }
}
