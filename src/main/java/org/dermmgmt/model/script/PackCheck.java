package org.dermmgmt.model.script;

import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layer-by-layer check of a new pack ({@link PackedInference.Pointwise#CHECKED}): every
 * convolution runs packed and through oneDNN's NCHW kernels on a fixed probe input of the pack's
 * batch size, and the layers whose relative difference exceeds {@link KernelCheck#TOLERANCE} are named.
 *
 * <p>Why a check and not a rule: where the CPU hides its cache sizes, which of oneDNN's
 * channels-last 1x1 kernels go wrong depends on the channel counts, the map size and the batch
 * (on the Zen 5 VM of BENCHMARKS.md: 960→320 and 320→1280 at 4x4 to 16x16, never 576→160 or
 * 160→960), so no shape rule would be safe on another CPU. Measured there too: a pack made for
 * batches of 8 was wrong at the same layers whatever batch it ran (1 to 16), which is why one
 * probe at the pack's own batch size covers the batches it serves (batches of one get a pack,
 * and a check, of their own).
 */
final class PackCheck {
  private PackCheck() {}

  private static final Logger LOG = LoggerFactory.getLogger(PackCheck.class);
  private static final String CHECKER = "PackCheck";

  /**
   * The weight indices of the 1x1 convolutions of {@code plan} that oneDNN computes wrongly when
   * packed for batches of {@code batch} at (height, width), or null when a layer that cannot
   * become a matrix product disagrees (the pack is then not used). The convolutions in {@code
   * asMatMul} are matrix products already: neither checked nor created in oneDNN.
   */
  static Set<Integer> disagreeing(
      PackedInference inference, PackedInference.Plan plan, Set<Integer> asMatMul, long height, long width, int batch) {
    ConvLines lines = ConvLines.checking(asMatMul);
    String body = plan.forwardBody(lines);
    if (lines.order().isEmpty()) {
      return Set.of(); // every convolution a matrix product already: nothing of oneDNN's to check
    }
    float[] errors;
    try (PtNDManager scratch = (PtNDManager) inference.manager().newSubManager();
        PtSymbolBlock checker = TorchScriptSource.load(scratch, CHECKER, TorchScriptSource.header(CHECKER)
            + "  def forward(self: __torch__." + CHECKER + ", x: Tensor, ws: List[Tensor], pw: List[Tensor]) -> Tensor:\n"
            + "    errs = annotate(List[Tensor], [])\n"
            + "    x = torch.contiguous(x, memory_format=2)\n"
            + body
            + "    return torch.stack(errs)\n", false);
        IValue packed = inference.packWeights(plan, ConvLines.packed(asMatMul), batch, scratch);
        IValue plain = IValue.listFrom(plan.weights(scratch).stream().map(PtNDArray.class::cast).toArray(PtNDArray[]::new));
        IValue x = IValue.from((PtNDArray) KernelCheck.probe(scratch, new Shape(batch, 3, height, width), 0.7548777f));
        IValue out = checker.forward(x, packed, plain)) {
      errors = out.toTensor(scratch).toFloatArray();
    }
    List<Integer> order = lines.order();
    Set<Integer> wrong = new HashSet<>();
    for (int i = 0; i < errors.length; i++) {
      if (!KernelCheck.agrees(errors[i])) {
        wrong.add(order.get(i));
      }
    }
    if (!lines.pointwise().containsAll(wrong)) {
      LOG.warn("packed inference at {}x{} (batch {}): convolutions {} disagree with oneDNN's NCHW kernels and are not 1x1;"
          + " this input size runs layer by layer", height, width, batch, sorted(wrong));
      return null;
    }
    if (!wrong.isEmpty()) {
      LOG.debug("packed inference at {}x{} (batch {}): 1x1 convolutions {} of {} disagree with oneDNN's NCHW kernels;"
          + " computed as matrix products", height, width, batch, sorted(wrong), order.size());
    }
    return wrong;
  }

  private static String sorted(Set<Integer> layers) {
    return layers.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
  }
}
