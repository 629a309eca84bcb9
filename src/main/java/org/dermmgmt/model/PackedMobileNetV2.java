package org.dermmgmt.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.model.script.ConvLines;
import org.dermmgmt.model.script.PackedInference;

/**
 * MobileNetV2's convolutions as a {@link PackedInference} plan: each one fused with its bias and
 * ReLU6, the residual adds between them. The TF-SAME stride-2
 * padding, (0, 1) on even sizes, is folded into a zero-bordered 4x4 kernel as {@link SameConv}
 * does at inference; other asymmetric pads are applied before the convolution.
 */
final class PackedMobileNetV2 implements PackedInference.Plan {
  /** One convolution as this input size runs it. */
  private record ConvPlan(
      SameConv conv, boolean foldPad, int pad, int[] prePad, long inHeight, long inWidth,
      boolean saveInput, boolean addInput) {}

  private final List<ConvPlan> plan = new ArrayList<>();

  /** The plan of {@code net} for inputs of height x width. */
  PackedMobileNetV2(MobileNetV2 net, long height, long width) {
    long[] hw = {height, width};
    add(net.stem(), hw, false, false);
    for (InvertedResidual block : net.blocks()) {
      List<SameConv> convs = block.convs();
      for (int i = 0; i < convs.size(); i++) {
        add(convs.get(i), hw, block.residual() && i == 0, block.residual() && i == convs.size() - 1);
      }
    }
    add(net.head(), hw, false, false);
  }

  private void add(SameConv c, long[] hw, boolean save, boolean addInput) {
    int[] h = c.explicitPad(hw[0]);
    int[] w = c.explicitPad(hw[1]);
    boolean fold = c.kernel() == 3 && c.stride() == 2 && h[0] == 0 && h[1] == 1 && w[0] == 0 && w[1] == 1;
    boolean symmetric = h[0] == h[1] && w[0] == w[1] && h[0] == w[0];
    int pad = c.stride() == 1 ? (c.kernel() - 1) / 2 : fold ? 1 : symmetric ? h[0] : 0;
    int[] prePad = fold || symmetric || c.stride() == 1 ? null : new int[] {w[0], w[1], h[0], h[1]};
    long inH = prePad == null ? hw[0] : hw[0] + h[0] + h[1];
    long inW = prePad == null ? hw[1] : hw[1] + w[0] + w[1];
    plan.add(new ConvPlan(c, fold, pad, prePad, inH, inW, save, addInput));
    hw[0] = (hw[0] + c.stride() - 1) / c.stride();
    hw[1] = (hw[1] + c.stride() - 1) / c.stride();
  }

  @Override
  public String forwardBody(ConvLines lines) {
    StringBuilder src = new StringBuilder();
    for (int i = 0; i < plan.size(); i++) {
      ConvPlan c = plan.get(i);
      if (c.saveInput()) {
        src.append("    r = x\n");
      }
      if (c.prePad() != null) {
        int[] p = c.prePad();
        src.append("    x = torch.constant_pad_nd(x, [%d, %d, %d, %d], 0.)\n".formatted(p[0], p[1], p[2], p[3]));
      }
      src.append(lines.conv("x", "x", 2 * i, c.conv().kernel(), c.pad(), c.conv().stride(), groups(c),
          c.conv().relu6() ? "relu6" : "none"));
      if (c.addInput()) {
        src.append("    x = torch.add(x, r)\n");
      }
    }
    return src.toString();
  }

  @Override
  public String packBody(ConvLines lines, int batch) {
    StringBuilder src = new StringBuilder();
    for (int i = 0; i < plan.size(); i++) {
      ConvPlan c = plan.get(i);
      src.append(lines.reorder(2 * i, c.pad(), c.conv().stride(), groups(c), batch,
          c.conv().inChannels(), c.inHeight(), c.inWidth()));
    }
    return src.toString();
  }

  @Override
  public List<NDArray> weights(NDManager scratch) {
    List<NDArray> weights = new ArrayList<>();
    for (ConvPlan c : plan) {
      NDArray w = c.conv().weight().getArray();
      if (c.foldPad()) {
        // One zero column on the left, one zero row on top: the (0, 1) pad moved into the kernel.
        w = w.pad(new Shape(1, 0, 1, 0), 0);
        w.attach(scratch);
      }
      weights.add(w);
      weights.add(c.conv().bias().getArray());
    }
    return weights;
  }

  private static int groups(ConvPlan c) {
    return c.conv().depthwise() ? c.conv().inChannels() : 1;
  }
}
