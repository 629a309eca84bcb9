package org.dermmgmt.model.script;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A backbone stream's inference as one TorchScript module per input size, on convolution weights
 * packed once into oneDNN's own layout.
 *
 * <p>The eager path hands every convolution to {@code aten::conv2d}, which reorders the weights
 * into oneDNN's blocked layout on every call. Here each convolution is one {@code
 * mkldnn::_convolution_pointwise} call (bias and activation fused in, as oneDNN post-ops) on
 * weights reordered once by {@code aten::mkldnn_reorder_conv2d_weight} (BENCHMARKS.md has the
 * speed; the values are the eager path's to float rounding, tested per backbone).
 *
 * <p>oneDNN picks the packed layout for the batch size it is told. Measured on MobileNetV2, a pack
 * made for several cases serves every batch of two or more at full speed, but a batch of one (a
 * single request's views) runs 3x slower on it, so batches of one get a pack of their own.
 *
 * <p>Where oneDNN's channels-last kernels cannot all be trusted ({@link Kernels#SAFE}) each pack is
 * first checked layer by layer ({@link Pointwise#CHECKED}, {@link PackCheck}) and the 1x1 layers
 * that disagree are written as matrix products ({@link ConvLines}).
 *
 * <p>In {@link Precision#BF16} the module casts its input to bfloat16 once, runs every convolution
 * on bf16 copies of the weights (biases stay fp32; oneDNN accumulates in fp32) and pools in fp32.
 *
 * <p>Only for networks whose weights no longer change (a loaded run): the packs copy the weights.
 */
public final class PackedInference implements AutoCloseable {
  /** Batch size the multi-case pack is made for (any batch of two or more uses it). */
  static final int BATCH_PACK = 8;

  private static final String STREAM = "PackedStream";
  private static final String PACKER = "PackWeights";

  /** What a backbone provides for one input size. */
  public interface Plan {
    /**
     * Body of {@code forward(self, x: Tensor, ws: List[Tensor]) -> Tensor}, 4-space indented,
     * leaving the last feature maps in {@code x} (the module adds the pooling and the return);
     * every convolution written by {@code lines}.
     */
    String forwardBody(ConvLines lines);

    /** Lines appending each packed weight to {@code out}, for batches of {@code batch} ({@link ConvLines#reorder}). */
    String packBody(ConvLines lines, int batch);

    /** The arrays the pack body reads as {@code ws}, in order; new arrays go on {@code scratch}. */
    List<NDArray> weights(NDManager scratch);
  }

  /** How far a pack trusts oneDNN's 1x1 convolutions. */
  public enum Pointwise {
    /** Every convolution packed for oneDNN (the fast kernels: {@link Kernels#FAST}). */
    ONEDNN,
    /**
     * Each new pack checked layer by layer against oneDNN's NCHW kernels on a probe input
     * ({@link PackCheck}); the 1x1 convolutions that disagree become matrix products, and a pack
     * with any other disagreeing layer is not used (that input size runs eager). For {@link
     * Kernels#SAFE}: there some of oneDNN's channels-last 1x1 kernels miscompute, which ones
     * depending on the channel counts, the map size and the batch (BENCHMARKS.md), while its
     * depthwise and 3x3 ones agree.
     */
    CHECKED,
    /** Every 1x1 convolution a matrix product (for tests and comparisons). */
    MATMUL,
    /**
     * Every 1x1 convolution a matrix product, the other layers checked as in {@link #CHECKED}: for
     * streams whose oneDNN 1x1 kernels must not even be created where they cannot be trusted
     * (ResNet-50's divide by zero there, which kills the process before any check could look).
     */
    MATMUL_CHECKED;

    /** Whether each new pack is checked layer by layer. */
    boolean checked() {
      return this == CHECKED || this == MATMUL_CHECKED;
    }

    /** Whether every 1x1 convolution is a matrix product from the start. */
    boolean allMatMul() {
      return this == MATMUL || this == MATMUL_CHECKED;
    }
  }

  private record Key(boolean single, long height, long width) {}

  /** A pack, or (both null) the record that this input size cannot be packed and runs eager. */
  private record Packed(PtSymbolBlock module, IValue weights) {}

  private static final Packed UNPACKABLE = new Packed(null, null);

  private final BiFunction<Long, Long, Plan> planner;
  private final PtNDManager manager;
  private final Precision precision;
  private final Pointwise pointwise;
  private final Map<Key, Packed> packs = new ConcurrentHashMap<>();
  private final Map<Key, Set<Integer>> matMulLayers = new ConcurrentHashMap<>();

  /**
   * @param planner the plan for an input of (height, width)
   * @param precision the arithmetic of the convolutions
   * @param pointwise how far packs trust oneDNN's 1x1 convolutions (matrix products need fp32)
   */
  public PackedInference(BiFunction<Long, Long, Plan> planner, Precision precision, Pointwise pointwise) {
    if (pointwise != Pointwise.ONEDNN && precision != Precision.FP32) {
      throw new IllegalArgumentException("pointwise " + pointwise + ": expected fp32 packs, got " + precision);
    }
    this.planner = planner;
    this.precision = precision;
    this.pointwise = pointwise;
    this.manager = (PtNDManager) NDManager.newBaseManager("PyTorch");
  }

  /** Whether this call can take the packed path: libtorch on the CPU, float input, no autograd. */
  public static boolean applies(NDArray input) {
    return input instanceof PtNDArray
        && Device.Type.CPU.equals(input.getDevice().getDeviceType())
        && input.getDataType() == DataType.FLOAT32
        && !JniUtils.isGradMode();
  }

  /**
   * The module's output for {@code laidOut} (the stream's input, channels-last), on {@code
   * laidOut}'s manager; null where a checked pack of this input size disagreed with the reference
   * (the caller then runs its eager layers).
   */
  public NDArray run(NDArray laidOut) {
    Shape s = laidOut.getShape();
    Packed packed = packs.computeIfAbsent(new Key(s.get(0) == 1, s.get(2), s.get(3)), this::pack);
    if (packed == UNPACKABLE) {
      return null;
    }
    try (IValue x = IValue.from((PtNDArray) laidOut);
        IValue y = packed.module().forward(x, packed.weights())) {
      return y.toTensor((PtNDManager) laidOut.getManager());
    }
  }

  /** The arithmetic of this path's convolutions. */
  public Precision precision() {
    return precision;
  }

  /** Number of packs made so far (one per batch kind and input size), for tests. */
  public int packs() {
    return packs.size();
  }

  /** How many convolutions the packs made so far compute as matrix products (for tests). */
  public int matMulLayers() {
    return matMulLayers.values().stream().mapToInt(Set::size).sum();
  }

  private Packed pack(Key key) {
    if (pointwise.checked() && key.single()) {
      // Batches of one run eager where packs are checked: their pack would need a check of its
      // own, and building it makes libtorch print a dozen NNPACK warnings on those CPUs (NNPACK
      // cannot start where the caches are hidden). The product's batches are a case's views.
      return UNPACKABLE;
    }
    Plan plan = planner.apply(key.height(), key.width());
    int batch = key.single() ? 1 : BATCH_PACK;
    Set<Integer> asMatMul = pointwise.allMatMul() ? pointwiseLayers(plan) : Set.of();
    if (pointwise.checked()) {
      Set<Integer> wrong = PackCheck.disagreeing(this, plan, asMatMul, key.height(), key.width(), batch);
      if (wrong == null) {
        return UNPACKABLE;
      }
      Set<Integer> union = new HashSet<>(asMatMul);
      union.addAll(wrong);
      asMatMul = union;
    }
    matMulLayers.put(key, asMatMul);
    ConvLines lines = ConvLines.packed(asMatMul);
    PtSymbolBlock module = TorchScriptSource.load(manager, STREAM, TorchScriptSource.header(STREAM)
        + "  def forward(self: __torch__." + STREAM + ", x: Tensor, ws: List[Tensor]) -> Tensor:\n"
        + (precision == Precision.FP32 ? "" : "    x = torch.to(x, %d)\n".formatted(precision.torchDtype()))
        + plan.forwardBody(lines)
        + (precision == Precision.FP32 ? "    return torch.mean(x, [2, 3])\n"
            : "    return torch.mean(torch.to(x, %d), [2, 3])\n".formatted(Precision.TORCH_FLOAT32)), false);
    try (PtNDManager scratch = (PtNDManager) manager.newSubManager()) {
      return new Packed(module, packWeights(plan, lines, batch, scratch));
    } catch (RuntimeException e) {
      module.close();
      throw e;
    }
  }

  private static Set<Integer> pointwiseLayers(Plan plan) {
    ConvLines probe = ConvLines.packed(Set.of());
    plan.forwardBody(probe);
    return probe.pointwise();
  }

  /** The plan's weights packed as {@code lines} writes them, for batches of {@code batch}. */
  IValue packWeights(Plan plan, ConvLines lines, int batch, PtNDManager scratch) {
    String packer = TorchScriptSource.header(PACKER)
        + "  def forward(self: __torch__." + PACKER + ", ws: List[Tensor]) -> List[Tensor]:\n"
        + "    out = annotate(List[Tensor], [])\n"
        + "    dtype = %d\n".formatted(precision.torchDtype())
        + plan.packBody(lines, batch)
        + "    return out\n";
    List<NDArray> weights = plan.weights(scratch);
    try (PtSymbolBlock pack = TorchScriptSource.load(scratch, PACKER, packer, false);
        IValue list = IValue.listFrom(weights.stream().map(PtNDArray.class::cast).toArray(PtNDArray[]::new))) {
      return pack.forward(list);
    }
  }

  /** The manager packs and checks are made on. */
  PtNDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    packs.values().stream().filter(p -> p != UNPACKABLE).forEach(p -> {
      p.weights().close();
      p.module().close();
    });
    packs.clear();
    manager.close();
  }
}
