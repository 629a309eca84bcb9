package org.dermmgmt.model.backbone.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dermmgmt.model.FeatureMapStream;
import org.dermmgmt.model.MemoryLayout;
import org.dermmgmt.model.script.Cast;
import org.dermmgmt.model.script.MixedPrecision;
import org.dermmgmt.model.script.Packable;
import org.dermmgmt.model.script.PackedInference;
import org.dermmgmt.model.script.PackedSlot;
import org.dermmgmt.model.script.Precision;

/**
 * ResNet-50 v1 (He et al. 2016) exactly as Keras applications builds it, so that the ImageNet
 * weights of its TF.js export load one to one ({@code tfjs.ResNet50Importer}): stem
 * ZeroPadding(3), 7x7/2 conv, BN, ReLU, ZeroPadding(1), 3x3/2 max-pool; stages 2-5 of 3, 4, 6, 3
 * {@link Bottleneck}s of width 64, 128, 256, 512 (stride 2 on the first block of stages 3-5);
 * global average pool to 2048 features; optionally the 1000-class {@code fc1000}. Every conv has
 * a bias; batch norm epsilon is 1e-3.
 *
 * <p>Input: NCHW float in Keras "caffe" preprocessing ({@link CaffePreprocessing}: BGR order, ImageNet
 * channel means subtracted, no scaling), any spatial size (224 native). Output: with no classifier
 * the pooled features (N, {@link #featureSize()}); otherwise the logits (N, numClasses) (apply
 * softmax yourself). Computes in {@link MemoryLayout} (channels-last by default).
 *
 * <p>Batch norm follows {@link BatchNormMode} (default frozen: running statistics even in
 * training). {@link #freezeStages(int)} fixes the stem and the first stages for fine-tuning only
 * the later ones.
 */
public final class ResNet50 extends AbstractBlock implements Packable, MixedPrecision, FeatureMapStream {
  private static final byte VERSION = 1;
  /** Native input side of the pretrained weights. */
  public static final int INPUT_SIZE = 224;
  /** Keras' stage names, stem first; {@link #freezeStages(int)} counts in this order. */
  public static final List<String> STAGE_NAMES =
      List.of("stem", "stage2", "stage3", "stage4", "stage5");

  /** The units {@link #freezeStages(int)} freezes, in order: the stem, then stages 2..5. */
  public record Stage(String name, List<Block> blocks, List<ConvBn> layers) {
    /** The stage's trainable parameters (weights, biases, gammas, betas). */
    public List<Parameter> trainableParameters() {
      return layers.stream().flatMap(l -> l.trainable().stream()).toList();
    }
  }

  private final int baseWidth;
  private final int[] blocksPerStage;
  private final int numClasses;
  private final BatchNormMode batchNorm;
  private final ConvBn stem;
  private final List<List<Bottleneck>> stages = new ArrayList<>();
  private final Linear classifier;
  private int frozenStages;
  /**
   * Whether oneDNN's 1x1 convolution kernels for this network may be created where the CPU hides
   * its caches: no, some (256→1024 at 14x14) divide by zero there and kill the process, so its
   * packs compute every 1x1 convolution as a matrix product ({@link PackedSlot#pack}).
   */
  public static final boolean ONEDNN_POINTWISE_CREATABLE = false;

  /** Set by {@link #packForInference()}: the packed inference path, null for the eager one. */
  private final PackedSlot packed = new PackedSlot();
  /** Set by {@link #trainIn}: the arithmetic of training forwards. */
  private volatile Precision trainPrecision = Precision.FP32;

  ResNet50(ResNet50Builder b) {
    super(VERSION);
    this.baseWidth = b.baseWidth;
    this.blocksPerStage = b.blocksPerStage.clone();
    this.numClasses = b.numClasses;
    this.batchNorm = b.batchNorm;
    stem = addChildBlock("conv1",
        new ConvBn("conv1", "bn_conv1", 3, baseWidth, 7, 2, 3, true, batchNorm));
    int channels = baseWidth;
    for (int s = 0; s < blocksPerStage.length; s++) {
      int width = baseWidth << s;
      List<Bottleneck> stage = new ArrayList<>();
      for (int i = 0; i < blocksPerStage[s]; i++) {
        int stride = i == 0 && s > 0 ? 2 : 1;
        Bottleneck block = new Bottleneck(s + 2, (char) ('a' + i), channels, width, stride, batchNorm);
        stage.add(addChildBlock(block.name(), block));
        channels = block.outChannels();
      }
      stages.add(stage);
    }
    classifier = numClasses > 0
        ? addChildBlock("fc1000", Linear.builder().setUnits(numClasses).optBias(true).build())
        : null;
  }

  public static ResNet50Builder builder() {
    return new ResNet50Builder();
  }

  /**
   * A random-initialised ResNet of the same structure for fast tests: base width 8 (features 256)
   * and one block per stage, about 0.1 M parameters instead of 25.6 M.
   */
  public static ResNet50Builder tiny() {
    return builder().optBaseWidth(8).optBlocksPerStage(1, 1, 1, 1);
  }

  /** Length of the pooled feature vector: 32 x base width (2048 for ResNet-50). */
  public int featureSize() {
    return 32 * baseWidth;
  }

  /** 0 when headless. */
  public int numClasses() {
    return numClasses;
  }

  public boolean hasClassifier() {
    return classifier != null;
  }

  public BatchNormMode batchNormMode() {
    return batchNorm;
  }

  /** True for the ImageNet architecture (base width 64, 3-4-6-3 blocks) the TF.js weights fit. */
  public boolean isStandard() {
    return baseWidth == 64 && Arrays.equals(blocksPerStage, new int[] {3, 4, 6, 3});
  }

  public ConvBn stem() {
    return stem;
  }

  /** Every bottleneck in execution order (res2a ... res5c). */
  public List<Bottleneck> blocks() {
    return stages.stream().flatMap(List::stream).toList();
  }

  /** The fc1000 weight (numClasses, features) and bias, or null without a classifier. */
  public Parameter classifierWeight() {
    return classifier == null ? null : classifier.getParameters().get("weight");
  }

  public Parameter classifierBias() {
    return classifier == null ? null : classifier.getParameters().get("bias");
  }

  /** Every conv layer in execution order, stem first (Keras names via {@link ConvBn#convName()}). */
  public List<ConvBn> layers() {
    List<ConvBn> out = new ArrayList<>(List.of(stem));
    blocks().forEach(b -> out.addAll(b.layers()));
    return out;
  }

  /** The stem and stages 2..5, in {@link #STAGE_NAMES} order (the classifier belongs to none). */
  public List<Stage> stages() {
    List<Stage> out = new ArrayList<>();
    out.add(new Stage(STAGE_NAMES.get(0), List.of(stem), List.of(stem)));
    for (int s = 0; s < stages.size(); s++) {
      List<Bottleneck> blocks = stages.get(s);
      List<ConvBn> layers = blocks.stream().flatMap(b -> b.layers().stream()).toList();
      out.add(new Stage(STAGE_NAMES.get(s + 1), List.copyOf(blocks), layers));
    }
    return out;
  }

  /**
   * Freezes the first {@code count} units of {@link #stages()} (0 = train everything, 1 = the
   * stem, 2 = stem and stage 2, ..., 5 = the whole backbone) and thaws the rest. Frozen layers
   * get no gradient and normalise with their running statistics in every batch norm mode.
   */
  public void freezeStages(int count) {
    List<Stage> all = stages();
    if (count < 0 || count > all.size()) {
      throw new IllegalArgumentException(
          "frozen stages: expected 0.." + all.size() + " (" + STAGE_NAMES + "), got " + count);
    }
    for (int i = 0; i < all.size(); i++) {
      boolean freeze = i < count;
      all.get(i).layers().forEach(l -> l.freeze(freeze));
    }
    frozenStages = count;
  }

  public int frozenStages() {
    return frozenStages;
  }

  /** Number of stored values, running statistics included (call after initialisation). */
  public long parameterCount() {
    return getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
  }

  /** The pooled features (N, featureSize) of an NCHW batch, whether or not there is a classifier. */
  public NDArray features(ParameterStore parameterStore, NDArray input, boolean training) {
    PackedInference p = packed.get();
    if (!training && p != null && PackedInference.applies(input)) {
      NDArray packedFeatures = p.run(MemoryLayout.channelsLast(input));
      if (packedFeatures != null) {
        return packedFeatures;
      }
    }
    // Keras avg_pool: the global average of the last maps.
    return FeatureMapStream.globalAveragePool(featureMaps(parameterStore, input, training));
  }

  /**
   * The output of stage 5 before pooling, (N, 2048, H/32, W/32), in fp32: what {@link #features}
   * pools and what Grad-CAM weighs by its gradients.
   */
  @Override
  public NDArray featureMaps(ParameterStore parameterStore, NDArray input, boolean training) {
    // Mixed precision: bf16 activations through the stream (ConvBn), fp32 maps into the pool.
    boolean bf16 = training && trainPrecision == Precision.BF16;
    NDArray laidOut = MemoryLayout.laidOut(bf16 ? Cast.to(input, Precision.BF16, true) : input);
    NDList x = stem.forward(parameterStore, new NDList(laidOut), training);
    x = new NDList(maxPool(x.singletonOrThrow()));
    for (Bottleneck block : blocks()) {
      x = block.forward(parameterStore, x, training);
    }
    return Cast.to(x.singletonOrThrow(), Precision.FP32, training);
  }

  @Override
  public void trainIn(Precision precision) {
    trainPrecision = precision;
  }

  /**
   * From now on inference without autograd on the CPU runs as one TorchScript module on weights
   * packed for oneDNN ({@link PackedInference}, plan {@link PackedResNet50}: batch norm folded on
   * the running statistics); training keeps the eager layers. Only for a network whose weights will
   * not change again (a loaded run).
   */
  @Override
  public Packing packForInference(Precision precision) {
    return packed.pack((h, w) -> new PackedResNet50(this, h, w), precision, ONEDNN_POINTWISE_CREATABLE);
  }

  /** The packed inference path when {@link #packForInference()} is in force (for tests). */
  PackedInference packed() {
    return packed.get();
  }

  /**
   * Keras' ZeroPadding(1) then 3x3/2 valid max-pool. Its input is a ReLU output (>= 0) and every
   * window holds a real pixel, so zero padding gives the same maxima as the max-pool's own
   * padding, which pads with -inf; the output size floor((n + 2 - 3) / 2) + 1 is the same too.
   */
  public static NDArray maxPool(NDArray x) {
    return Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray pooled = features(parameterStore, inputs.singletonOrThrow(), training);
    return classifier == null ? new NDList(pooled) : classifier.forward(parameterStore, new NDList(pooled), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), numClasses > 0 ? numClasses : featureSize())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 4 || in.get(1) != 3 || in.get(2) < 32 || in.get(3) < 32) {
      throw new IllegalArgumentException("expected input shape (N, 3, H, W) with H, W >= 32, got " + in);
    }
    stem.initialize(manager, dataType, inputShapes);
    Shape s = stem.getOutputShapes(inputShapes)[0];
    Shape[] shapes = {new Shape(s.get(0), s.get(1), (s.get(2) - 1) / 2 + 1, (s.get(3) - 1) / 2 + 1)};
    for (Bottleneck block : blocks()) {
      block.initialize(manager, dataType, shapes);
      shapes = block.getOutputShapes(shapes);
    }
    if (classifier != null) {
      classifier.initialize(manager, dataType, new Shape(in.get(0), featureSize()));
    }
  }
}
