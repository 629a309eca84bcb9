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
import java.util.List;
import java.util.Map;
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
     * leaving the last feature maps in {@code x} (the module adds the pooling and the return).
     */
    String forwardBody();

    /** Lines appending each packed weight to {@code out}, for batches of {@code batch} ({@link #reorder}). */
    String packBody(int batch);

    /** The arrays the pack body reads as {@code ws}, in order; new arrays go on {@code scratch}. */
    List<NDArray> weights(NDManager scratch);
  }

  private record Key(boolean single, long height, long width) {}

  private record Packed(PtSymbolBlock module, IValue weights) {}

  private final BiFunction<Long, Long, Plan> planner;
  private final PtNDManager manager;
  private final Precision precision;
  private final Map<Key, Packed> packs = new ConcurrentHashMap<>();

  /**
   * @param planner the plan for an input of (height, width)
   * @param precision the arithmetic of the convolutions
   */
  public PackedInference(BiFunction<Long, Long, Plan> planner, Precision precision) {
    this.planner = planner;
    this.precision = precision;
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
   * The module's output for {@code laidOut} (the stream's input, in the layout it computes in),
   * on {@code laidOut}'s manager.
   */
  public NDArray run(NDArray laidOut) {
    Shape s = laidOut.getShape();
    Packed packed = packs.computeIfAbsent(new Key(s.get(0) == 1, s.get(2), s.get(3)), this::pack);
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

  private Packed pack(Key key) {
    Plan plan = planner.apply(key.height(), key.width());
    PtSymbolBlock module = TorchScriptSource.load(manager, STREAM, TorchScriptSource.header(STREAM)
        + "  def forward(self: __torch__." + STREAM + ", x: Tensor, ws: List[Tensor]) -> Tensor:\n"
        + (precision == Precision.FP32 ? "" : "    x = torch.to(x, %d)\n".formatted(precision.torchDtype()))
        + plan.forwardBody()
        + (precision == Precision.FP32 ? "    return torch.mean(x, [2, 3])\n"
            : "    return torch.mean(torch.to(x, %d), [2, 3])\n".formatted(Precision.TORCH_FLOAT32)), false);
    try (PtNDManager scratch = (PtNDManager) manager.newSubManager()) {
      String packer = TorchScriptSource.header(PACKER)
          + "  def forward(self: __torch__." + PACKER + ", ws: List[Tensor]) -> List[Tensor]:\n"
          + "    out = annotate(List[Tensor], [])\n"
          + "    dtype = %d\n".formatted(precision.torchDtype())
          + plan.packBody(key.single() ? 1 : BATCH_PACK)
          + "    return out\n";
      List<NDArray> weights = plan.weights(scratch);
      try (PtSymbolBlock pack = TorchScriptSource.load(scratch, PACKER, packer, false);
          IValue list = IValue.listFrom(weights.stream().map(PtNDArray.class::cast).toArray(PtNDArray[]::new))) {
        return new Packed(module, pack.forward(list));
      }
    } catch (RuntimeException e) {
      module.close();
      throw e;
    }
  }

  /**
   * One line of a forward body: {@code out = conv(x) + bias}, then {@code activation} (none, relu
   * or relu6), with weights {@code ws[w]} and bias {@code ws[w + 1]}.
   */
  public static String conv(String out, String in, int w, int pad, int stride, int groups, String activation) {
    String act = switch (activation) {
      case "relu6" -> "\"hardtanh\", annotate(List[Optional[number]], [0., 6.])";
      case "relu" -> "\"relu\", annotate(List[Optional[number]], [])";
      case "none" -> "\"none\", annotate(List[Optional[number]], [])";
      default -> throw new IllegalArgumentException("activation: expected none, relu or relu6, got " + activation);
    };
    return "    %s = ops.mkldnn._convolution_pointwise(%s, ws[%d], ws[%d], [%d, %d], [%d, %d], [1, 1], %d, %s, None)\n"
        .formatted(out, in, w, w + 1, pad, pad, stride, stride, groups, act);
  }

  /**
   * One line of a pack body: weights {@code ws[w]} converted to the pack's {@code dtype} and
   * reordered for a convolution of an input (batch, channels, height, width), bias {@code ws[w + 1]}
   * kept as it is (fp32).
   */
  public static String reorder(
      int w, int pad, int stride, int groups, int batch, long channels, long height, long width) {
    return ("    out.append(torch.mkldnn_reorder_conv2d_weight(torch.to_mkldnn(ws[%d], dtype), [%d, %d], [%d, %d], [1, 1], %d,"
        + " [%d, %d, %d, %d]))\n    out.append(ws[%d])\n")
        .formatted(w, pad, pad, stride, stride, groups, batch, channels, height, width, w + 1);
  }

  @Override
  public void close() {
    packs.values().forEach(p -> {
      p.weights().close();
      p.module().close();
    });
    packs.clear();
    manager.close();
  }
}
