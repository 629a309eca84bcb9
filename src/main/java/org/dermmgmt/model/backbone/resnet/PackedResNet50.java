package org.dermmgmt.model.backbone.resnet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dermmgmt.model.script.ConvLines;
import org.dermmgmt.model.script.PackedInference;

/**
 * ResNet-50's convolutions as a {@link PackedInference} plan: batch norm folded into each
 * convolution on its running statistics (as {@link ConvBn} does at inference, same arithmetic),
 * bias and ReLU fused, the residual add and its ReLU in place after the block's last convolution.
 */
final class PackedResNet50 implements PackedInference.Plan {
  /** One convolution at this input size: its input's (height, width). */
  private record ConvPlan(ConvBn conv, long inHeight, long inWidth) {}

  private final List<ConvPlan> convs = new ArrayList<>();
  /** The forward body's steps in order, each written by the lines it is given. */
  private final List<Function<ConvLines, String>> body = new ArrayList<>();

  PackedResNet50(ResNet50 net, long height, long width) {
    long[] hw = {height, width};
    body.add(conv(net.stem(), "x", "x", hw));
    body.add(lines -> "    x = torch.max_pool2d(x, [3, 3], [2, 2], [1, 1], [1, 1], False)\n");
    hw[0] = (hw[0] + 2 - 3) / 2 + 1;
    hw[1] = (hw[1] + 2 - 3) / 2 + 1;
    for (Bottleneck block : net.blocks()) {
      List<ConvBn> layers = block.layers(); // branch1 (if any), branch2a, 2b, 2c
      boolean projects = layers.size() == 4;
      long[] in = hw.clone();
      if (projects) {
        body.add(conv(layers.get(0), "s", "x", in.clone()));
      } else {
        body.add(lines -> "    s = x\n");
      }
      int first = projects ? 1 : 0;
      body.add(conv(layers.get(first), "y", "x", hw));
      body.add(conv(layers.get(first + 1), "y", "y", hw));
      body.add(conv(layers.get(first + 2), "y", "y", hw));
      body.add(lines -> "    x = torch.relu_(torch.add_(y, s))\n");
    }
  }

  /** The step of one convolution; advances {@code hw} to its output size. */
  private Function<ConvLines, String> conv(ConvBn c, String out, String in, long[] hw) {
    int w = 2 * convs.size();
    convs.add(new ConvPlan(c, hw[0], hw[1]));
    hw[0] = (hw[0] + 2L * c.padding() - c.kernel()) / c.stride() + 1;
    hw[1] = (hw[1] + 2L * c.padding() - c.kernel()) / c.stride() + 1;
    return lines -> lines.conv(out, in, w, c.kernel(), c.padding(), c.stride(), 1, c.relu() ? "relu" : "none");
  }

  @Override
  public String forwardBody(ConvLines lines) {
    StringBuilder src = new StringBuilder();
    body.forEach(step -> src.append(step.apply(lines)));
    return src.toString();
  }

  @Override
  public String packBody(ConvLines lines, int batch) {
    StringBuilder src = new StringBuilder();
    for (int i = 0; i < convs.size(); i++) {
      ConvPlan c = convs.get(i);
      src.append(lines.reorder(2 * i, c.conv().padding(), c.conv().stride(), 1, batch,
          c.conv().inChannels(), c.inHeight(), c.inWidth()));
    }
    return src.toString();
  }

  @Override
  public List<NDArray> weights(NDManager scratch) {
    List<NDArray> out = new ArrayList<>();
    for (ConvPlan p : convs) {
      ConvBn c = p.conv();
      // w' = w * s and b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps), as ConvBn folds.
      NDArray std = c.runningVar().getArray().add(ConvBn.EPSILON);
      std.attach(scratch);
      NDArray scale = c.gamma().getArray().div(std.sqrt());
      scale.attach(scratch);
      NDArray folded = scale.reshape(c.outChannels(), 1, 1, 1).mul(c.weight().getArray());
      NDArray centred = c.bias().getArray().sub(c.runningMean().getArray());
      centred.attach(scratch);
      NDArray shift = centred.mul(scale).add(c.beta().getArray());
      folded.attach(scratch);
      shift.attach(scratch);
      out.add(folded);
      out.add(shift);
    }
    return out;
  }
}
