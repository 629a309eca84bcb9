package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.dermmgmt.model.script.Cast;
import org.dermmgmt.model.script.MixedPrecision;
import org.dermmgmt.model.script.Packable;
import org.dermmgmt.model.script.PackedInference;
import org.dermmgmt.model.script.PackedSlot;
import org.dermmgmt.model.script.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2 (Sandler et al. 2018) as a DJL block, laid out like TensorFlow's reference model so
 * that {@code TfliteImporter} can load the ImageNet weights: every conv has a bias and there is no
 * batch norm (the TFLite file has BN folded into the convs), activations are ReLU6, padding is
 * TF-SAME (extra pixel bottom/right).
 *
 * <p>Input: NCHW float in [-1, 1] ({@code (pixel - 128) / 128}), any spatial size (224 for the
 * pretrained weights). Output: with {@code numClasses == 0} the global-average-pooled features
 * (N, {@link #featureSize()}); otherwise the logits (N, numClasses) of a 1x1-conv classifier on
 * those features (apply softmax yourself).
 */
public final class MobileNetV2 extends AbstractBlock implements Packable, MixedPrecision, FeatureMapStream {
  private static final byte VERSION = 1;

  /** Expansion t, output channels c, repeats n, first stride s (paper, Table 2). */
  private static final int[][] SETTINGS = {
    {1, 16, 1, 1},
    {6, 24, 2, 2},
    {6, 32, 3, 2},
    {6, 64, 4, 2},
    {6, 96, 3, 1},
    {6, 160, 3, 2},
    {6, 320, 1, 1},
  };

  /** What a conv layer is, for weight import. */
  public enum Kind {
    CONV,
    DEPTHWISE,
    CLASSIFIER
  }

  /**
   * One conv layer in execution order: PyTorch layouts, weight (out, in/groups, k, k), bias (out).
   */
  public record Layer(
      String name,
      Kind kind,
      int kernel,
      int stride,
      int inChannels,
      int outChannels,
      boolean relu6,
      Parameter weight,
      Parameter bias) {}

  private final float widthMultiplier;
  private final int numClasses;
  private final int lastChannels;
  private final SameConv stem;
  private final List<InvertedResidual> blocks = new ArrayList<>();
  private final SameConv head;
  private final SameConv classifier;
  /** Set by {@link #packForInference()}: the packed inference path, null for the eager one. */
  private final PackedSlot packed = new PackedSlot();
  /** Set by {@link #trainIn}: the arithmetic of training forwards. */
  private volatile Precision trainPrecision = Precision.FP32;

  MobileNetV2(MobileNetV2Builder b) {
    super(VERSION);
    this.widthMultiplier = b.widthMultiplier;
    this.numClasses = b.numClasses;
    this.lastChannels =
        b.lastChannels > 0
            ? b.lastChannels
            : makeDivisible(1280 * Math.max(1f, widthMultiplier));
    int channels = makeDivisible(32 * widthMultiplier);
    stem = addChildBlock("stem", new SameConv(3, channels, 3, 2, false, true));
    int index = 0;
    for (int[] s : SETTINGS) {
      int out = makeDivisible(s[1] * widthMultiplier);
      for (int i = 0; i < s[2]; i++) {
        int stride = i == 0 ? s[3] : 1;
        blocks.add(
            addChildBlock("block" + index++, new InvertedResidual(channels, out, stride, s[0])));
        channels = out;
      }
    }
    head = addChildBlock("head", new SameConv(channels, lastChannels, 1, 1, false, true));
    classifier =
        numClasses > 0
            ? addChildBlock("classifier", new SameConv(lastChannels, numClasses, 1, 1, false, false))
            : null;
  }

  /** Rounds channels to a multiple of 8, never down by more than 10% (as TF's reference does). */
  static int makeDivisible(float value) {
    int rounded = Math.max(8, (int) (value + 4) / 8 * 8);
    return rounded < 0.9f * value ? rounded + 8 : rounded;
  }

  public static MobileNetV2Builder builder() {
    return new MobileNetV2Builder();
  }

  public float widthMultiplier() {
    return widthMultiplier;
  }

  /** 0 when headless. */
  public int numClasses() {
    return numClasses;
  }

  public boolean hasClassifier() {
    return classifier != null;
  }

  /** Length of the pooled feature vector (1280 for width multiplier 1.0). */
  public int featureSize() {
    return lastChannels;
  }

  /** All conv layers in TFLite execution order (stem, blocks, head, classifier if any). */
  public List<Layer> layers() {
    List<Layer> out = new ArrayList<>();
    add(out, "stem", stem, Kind.CONV);
    for (int b = 0; b < blocks.size(); b++) {
      for (SameConv c : blocks.get(b).convs()) {
        String role = c.depthwise() ? "depthwise" : c.relu6() ? "expand" : "project";
        add(out, "block" + b + "." + role, c, c.depthwise() ? Kind.DEPTHWISE : Kind.CONV);
      }
    }
    add(out, "head", head, Kind.CONV);
    if (classifier != null) {
      add(out, "classifier", classifier, Kind.CLASSIFIER);
    }
    return out;
  }

  private static void add(List<Layer> out, String name, SameConv c, Kind kind) {
    out.add(
        new Layer(
            name, kind, c.kernel(), c.stride(), c.inChannels(), c.outChannels(), c.relu6(),
            c.weight(), c.bias()));
  }

  /** Number of trainable values (call after initialisation). */
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
    if (training && trainPrecision == Precision.BF16) {
      // Mixed precision: bf16 activations through the stream, fp32 maps into the pool (SameConv).
      return pool(Cast.to(featureMaps(parameterStore, Cast.to(input, Precision.BF16, true), true), Precision.FP32, true));
    }
    return pool(featureMaps(parameterStore, input, training));
  }

  @Override
  public void trainIn(Precision precision) {
    trainPrecision = precision;
  }

  /**
   * From now on inference without autograd on the CPU runs as one TorchScript module on weights
   * packed for oneDNN ({@link PackedInference}, plan {@link PackedMobileNetV2}); training and
   * Grad-CAM keep the eager layers. Only for a network whose weights will not change again (a
   * loaded run): the packs copy them. Close the result to free the packs and return to the eager
   * path.
   */
  @Override
  public Packing packForInference(Precision precision) {
    return packed.pack((h, w) -> new PackedMobileNetV2(this, h, w), precision, true);
  }

  /** The packed inference path when {@link #packForInference()} is in force (for tests). */
  PackedInference packed() {
    return packed.get();
  }

  SameConv stem() {
    return stem;
  }

  List<InvertedResidual> blocks() {
    return blocks;
  }

  SameConv head() {
    return head;
  }

  /**
   * The last feature maps before pooling, (N, featureSize, H/32, W/32): what Grad-CAM weighs by
   * their gradients to show where the network looked.
   */
  @Override
  public NDArray featureMaps(ParameterStore parameterStore, NDArray input, boolean training) {
    NDArray laidOut = MemoryLayout.laidOutForMobileNet(input);
    NDList x = stem.forward(parameterStore, new NDList(laidOut), training);
    for (InvertedResidual block : blocks) {
      x = block.forward(parameterStore, x, training);
    }
    return head.forward(parameterStore, x, training).singletonOrThrow();
  }

  /** Global average pool of feature maps (N, C, H, W) to (N, C), as {@link #features} does. */
  public static NDArray pool(NDArray maps) {
    // TFLite: AVERAGE_POOL_2D 7x7 VALID at 224, a global average there.
    return FeatureMapStream.globalAveragePool(maps);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    NDArray pooled = features(parameterStore, inputs.singletonOrThrow(), training);
    if (classifier == null) {
      return new NDList(pooled);
    }
    long n = pooled.getShape().get(0);
    NDArray logits =
        classifier
            .forward(parameterStore, new NDList(pooled.reshape(n, lastChannels, 1, 1)), training)
            .singletonOrThrow();
    return new NDList(logits.reshape(n, numClasses));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), numClasses > 0 ? numClasses : lastChannels)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 4 || in.get(1) != 3) {
      throw new IllegalArgumentException("expected input shape (N, 3, H, W), got " + in);
    }
    Shape[] shapes = inputShapes;
    stem.initialize(manager, dataType, shapes);
    shapes = stem.getOutputShapes(shapes);
    for (InvertedResidual block : blocks) {
      block.initialize(manager, dataType, shapes);
      shapes = block.getOutputShapes(shapes);
    }
    head.initialize(manager, dataType, shapes);
    if (classifier != null) {
      classifier.initialize(manager, dataType, new Shape(in.get(0), lastChannels, 1, 1));
    }
  }
}
