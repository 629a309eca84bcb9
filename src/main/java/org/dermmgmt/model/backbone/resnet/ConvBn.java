package org.dermmgmt.model.backbone.resnet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.dermmgmt.model.script.Cast;
import org.dermmgmt.model.script.Kernels;
import org.dermmgmt.model.script.Precision;
import java.util.List;

/**
 * One Keras conv layer with its batch norm (and optionally the ReLU after it): a square
 * convolution with bias and symmetric zero padding, then batch norm with epsilon 1e-3 over the
 * channels. Parameters in PyTorch layouts: weight (out, in, k, k), bias / gamma / beta /
 * runningMean / runningVar (out).
 *
 * <p>Whenever the running statistics are what normalises (inference, {@link BatchNormMode#FROZEN}
 * training, a frozen stage), batch norm is an affine map per channel, so it is folded into the
 * convolution: {@code w' = w * s}, {@code b' = (b - mean) * s + beta} with {@code s = gamma /
 * sqrt(var + eps)}. That is exact, keeps gamma and beta trainable (their gradients flow through
 * w' and b') and skips a pass over every activation and its saved copy for backward; measured
 * level with libtorch's batch norm op within noise on a shared machine (BENCHMARKS.md). {@code
 * -Ddermmgmt.resnet.bn=op} runs the op instead, for comparison.
 */
public final class ConvBn extends AbstractBlock {
  private static final byte VERSION = 1;
  /** Keras BatchNormalization epsilon of ResNet-50 (model.json: 0.001). */
  public static final float EPSILON = 1e-3f;
  /** Keras momentum; DJL's convention (weight of the old value) is the same. */
  static final float MOMENTUM = 0.99f;

  /** fold (default) or op: how batch norm on running statistics is computed. */
  static final String BN = System.getProperty("dermmgmt.resnet.bn", "fold");

  private final String convName;
  private final String bnName;
  private final int inChannels;
  private final int outChannels;
  private final int kernel;
  private final int stride;
  private final int padding;
  private final boolean relu;
  private final BatchNormMode mode;
  private boolean frozen;
  private final Parameter weight;
  private final Parameter bias;
  private final Parameter gamma;
  private final Parameter beta;
  private final Parameter runningMean;
  private final Parameter runningVar;

  ConvBn(String convName, String bnName, int inChannels, int outChannels, int kernel, int stride,
      int padding, boolean relu, BatchNormMode mode) {
    super(VERSION);
    this.convName = convName;
    this.bnName = bnName;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel;
    this.stride = stride;
    this.padding = padding;
    this.relu = relu;
    this.mode = mode;
    weight = addParameter(param("weight", Parameter.Type.WEIGHT, true));
    bias = addParameter(param("bias", Parameter.Type.BIAS, true));
    gamma = addParameter(param("gamma", Parameter.Type.GAMMA, true));
    beta = addParameter(param("beta", Parameter.Type.BETA, true));
    runningMean = addParameter(param("runningMean", Parameter.Type.RUNNING_MEAN, false));
    runningVar = addParameter(param("runningVar", Parameter.Type.RUNNING_VAR, false));
  }

  private static Parameter param(String name, Parameter.Type type, boolean trainable) {
    return Parameter.builder().setName(name).setType(type).optRequiresGrad(trainable).build();
  }

  /** Keras name of the convolution ({@code conv1}, {@code res3a_branch2a}, ...). */
  public String convName() {
    return convName;
  }

  /** Keras name of the batch norm ({@code bn_conv1}, {@code bn3a_branch2a}, ...). */
  public String bnName() {
    return bnName;
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  public int kernel() {
    return kernel;
  }

  public int stride() {
    return stride;
  }

  public int padding() {
    return padding;
  }

  public boolean relu() {
    return relu;
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  public Parameter gamma() {
    return gamma;
  }

  public Parameter beta() {
    return beta;
  }

  public Parameter runningMean() {
    return runningMean;
  }

  public Parameter runningVar() {
    return runningVar;
  }

  /** The trainable parameters (the running statistics are never trained by gradient). */
  public List<Parameter> trainable() {
    return List.of(weight, bias, gamma, beta);
  }

  /**
   * Freezes (or thaws) the trainable parameters; a frozen layer also normalises with its running
   * statistics in every mode, so a frozen stage is a fixed function.
   */
  void freeze(boolean freeze) {
    frozen = freeze;
    trainable().forEach(p -> p.freeze(freeze));
  }

  boolean frozen() {
    return frozen;
  }

  /** Whether this forward pass normalises with (and updates) the batch's statistics. */
  private boolean batchStatistics(boolean training) {
    return training && mode == BatchNormMode.REESTIMATE && !frozen;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(compute(ps, inputs.singletonOrThrow(), training, "fold".equals(BN)));
  }

  /** The layer's output; {@code fold} folds running-statistics batch norm into the conv. */
  NDArray compute(ParameterStore ps, NDArray x, boolean training, boolean fold) {
    if (runningMean.requiresGradient() || runningVar.requiresGradient()) {
      // Block.freezeParameters(false) thaws every parameter, running statistics included; an
      // optimiser would then move them by weight decay. They are never trained by gradient.
      runningMean.freeze(true);
      runningVar.freeze(true);
    }
    Device device = x.getDevice();
    NDArray w = ps.getValue(weight, device, training);
    NDArray b = ps.getValue(bias, device, training);
    NDArray g = ps.getValue(gamma, device, training);
    NDArray be = ps.getValue(beta, device, training);
    NDArray mean = ps.getValue(runningMean, device, training);
    NDArray var = ps.getValue(runningVar, device, training);
    Shape strides = new Shape(stride, stride);
    Shape pads = new Shape(padding, padding);
    Shape dilation = new Shape(1, 1);
    NDArray y;
    if (!batchStatistics(training) && fold) {
      // An op's result belongs to its first operand's manager: started from a parameter, the
      // folded weights would live as long as the model (about 100 MB of ResNet-50 per forward,
      // never freed). Started from an array owned by the input's (per-batch) manager, they go
      // when the batch does.
      NDManager batch = x.getManager();
      NDArray std = var.add(EPSILON);
      std.attach(batch);
      NDArray scale = g.div(std.sqrt());
      scale.attach(batch);
      NDArray folded = scale.reshape(outChannels, 1, 1, 1).mul(w);
      NDArray centred = b.sub(mean);
      centred.attach(batch);
      NDArray shift = centred.mul(scale).add(be);
      if (Cast.isBf16(x)) {
        // Mixed precision: the folding in fp32, the convolution on bf16 copies (autograd through the casts).
        folded = Cast.to(folded, Precision.BF16, training, batch);
        shift = Cast.to(shift, Precision.BF16, training, batch);
      }
      y = convolve(x, folded, shift, strides, pads, dilation);
    } else if (Cast.isBf16(x)) {
      // Batch statistics (or an unfolded check) in bf16 mixed precision: computed in fp32 between two casts.
      return Cast.to(compute(ps, Cast.to(x, Precision.FP32, training), training, fold), Precision.BF16, training);
    } else {
      y = convolve(x, w, b, strides, pads, dilation);
      y = BatchNorm.batchNorm(y, mean, var, g, be, 1, MOMENTUM, EPSILON, batchStatistics(training))
          .singletonOrThrow();
    }
    return relu ? Activation.relu(y) : y;
  }

  private NDArray convolve(NDArray x, NDArray w, NDArray b, Shape strides, Shape pads, Shape dilation) {
    if (kernel == 1 && padding == 0 && Kernels.current() == Kernels.SAFE) {
      return pointwiseAsMatMul(x, w, b, stride);
    }
    return Conv2d.conv2d(x, w, b, strides, pads, dilation, 1).singletonOrThrow();
  }

  /**
   * A 1x1 convolution without padding as a matrix product, (O, C) x (N, C, H*W) + b, stride s
   * taking every s-th row and column (what a 1x1 "valid" convolution reads). Used with the safe
   * kernels, which compute NCHW: oneDNN's 1x1 convolutions (forward and backward) divide by zero
   * on ResNet-50's channel counts where the CPU hides its caches ({@link Kernels}); a matrix
   * product goes to BLAS.
   */
  static NDArray pointwiseAsMatMul(NDArray x, NDArray w, NDArray b, int stride) {
    NDArray in = stride == 1 ? x : x.get(new NDIndex(":, :, ::{}, ::{}", stride, stride));
    Shape s = in.getShape();
    long out = w.getShape().get(0);
    NDArray y = w.reshape(out, s.get(1)).matMul(in.reshape(s.get(0), s.get(1), s.get(2) * s.get(3)));
    return y.add(b.reshape(1, out, 1)).reshape(s.get(0), out, s.get(2), s.get(3));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), outChannels, out(in.get(2)), out(in.get(3)))};
  }

  private long out(long size) {
    return (size + 2L * padding - kernel) / stride + 1;
  }

  @Override
  public void prepare(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    if (in.dimension() != 4 || in.get(1) != inChannels) {
      throw new IllegalArgumentException(
          convName + ": expected input (N, " + inChannels + ", H, W), got " + in);
    }
    weight.setShape(new Shape(outChannels, inChannels, kernel, kernel));
    for (Parameter p : List.of(bias, gamma, beta, runningMean, runningVar)) {
      p.setShape(new Shape(outChannels));
    }
  }
}
