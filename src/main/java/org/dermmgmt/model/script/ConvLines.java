package org.dermmgmt.model.script;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes the TorchScript lines of a packed stream's convolutions, each identified by the index
 * {@code w} of its weights in the stream's weight list (bias at {@code w + 1}). Two kinds of
 * writer:
 *
 * <ul>
 *   <li>{@link #packed(Set)}: each convolution one fused oneDNN call on packed weights, except the
 *       1x1 convolutions named, which become one matrix product over the channels-last maps;
 *   <li>{@link #checking(Set)}: the 1x1 convolutions named as matrix products, every other one
 *       packed and again through {@code aten::conv2d} on NCHW maps with the plain weights
 *       (oneDNN's older jit kernels, trusted where the packed ones are not: {@link Kernels}); the
 *       module records each checked layer's relative difference and goes on from the reference
 *       output, so one wrong layer does not hide the others.
 * </ul>
 */
public final class ConvLines {
  private final Set<Integer> asMatMul;
  private final boolean checking;
  private final List<Integer> order = new ArrayList<>();
  private final Set<Integer> pointwise = new HashSet<>();

  private ConvLines(Set<Integer> asMatMul, boolean checking) {
    this.asMatMul = Set.copyOf(asMatMul);
    this.checking = checking;
  }

  /** Packed convolutions, the 1x1 ones whose weight index is in {@code asMatMul} as matrix products. */
  public static ConvLines packed(Set<Integer> asMatMul) {
    return new ConvLines(asMatMul, false);
  }

  /**
   * The convolutions in {@code asMatMul} as matrix products, every other one packed and checked
   * against the NCHW reference (see the class comment).
   */
  static ConvLines checking(Set<Integer> asMatMul) {
    return new ConvLines(asMatMul, true);
  }

  /**
   * One line (or a few) of a forward body: {@code out = conv(in) + bias}, then {@code activation}
   * (none, relu or relu6), with weights {@code ws[w]} and bias {@code ws[w + 1]}.
   */
  public String conv(String out, String in, int w, int kernel, int pad, int stride, int groups, String activation) {
    String act = switch (activation) {
      case "relu6" -> "\"hardtanh\", annotate(List[Optional[number]], [0., 6.])";
      case "relu" -> "\"relu\", annotate(List[Optional[number]], [])";
      case "none" -> "\"none\", annotate(List[Optional[number]], [])";
      default -> throw new IllegalArgumentException("activation: expected none, relu or relu6, got " + activation);
    };
    if (kernel == 1 && pad == 0 && groups == 1) {
      pointwise.add(w);
    }
    if (asMatMul.contains(w)) {
      if (!pointwise.contains(w)) {
        throw new IllegalArgumentException("convolution " + w + ": only 1x1 convolutions without padding become matrix products");
      }
      // (N*H*W, C) x (C, O) on the channels-last maps: views in and out, no copy (a stride s
      // reads every s-th row and column first, as a 1x1 "valid" convolution does).
      String read = stride == 1 ? in
          : "torch.slice(torch.slice(%s, 2, 0, 9223372036854775807, %d), 3, 0, 9223372036854775807, %d)".formatted(in, stride, stride);
      return ("    in_ = %s\n    sz_ = torch.size(in_)\n"
          + "    %s = torch.permute(torch.view(torch.addmm(ws[%d], torch.reshape(torch.permute(in_, [0, 2, 3, 1]), [-1, sz_[1]]), ws[%d]),"
          + " [sz_[0], sz_[2], sz_[3], -1]), [0, 3, 1, 2])\n").formatted(read, out, w + 1, w)
          + activated(out, activation);
    }
    order.add(w);
    String packedCall = "ops.mkldnn._convolution_pointwise(%s, ws[%d], ws[%d], [%d, %d], [%d, %d], [1, 1], %d, %s, None)"
        .formatted(in, w, w + 1, pad, pad, stride, stride, groups, act);
    if (!checking) {
      return "    %s = %s\n".formatted(out, packedCall);
    }
    return ("    y_ = %s\n"
        + "    ref_ = torch.conv2d(torch.contiguous(%s), pw[%d], pw[%d], [%d, %d], [%d, %d], [1, 1], %d)\n")
        .formatted(packedCall, in, w, w + 1, stride, stride, pad, pad, groups)
        + activated("ref_", activation)
        + "    errs.append(torch.div(torch.norm(torch.sub(y_, ref_)), torch.add(torch.norm(ref_), 1e-6)))\n"
        + "    %s = torch.contiguous(ref_, memory_format=2)\n".formatted(out);
  }

  private static String activated(String v, String activation) {
    return switch (activation) {
      case "relu6" -> "    %s = torch.hardtanh(%s, 0., 6.)\n".formatted(v, v);
      case "relu" -> "    %s = torch.relu(%s)\n".formatted(v, v);
      default -> "";
    };
  }

  /**
   * One line of a pack body: weights {@code ws[w]} converted to the pack's {@code dtype} and
   * reordered for a convolution of an input (batch, channels, height, width), or, for a matrix
   * product, transposed to (C, O); bias {@code ws[w + 1]} kept as it is (fp32).
   */
  public String reorder(int w, int pad, int stride, int groups, int batch, long channels, long height, long width) {
    String weight = asMatMul.contains(w)
        ? "torch.contiguous(torch.t(torch.flatten(ws[%d], 1)))".formatted(w)
        : "torch.mkldnn_reorder_conv2d_weight(torch.to_mkldnn(ws[%d], dtype), [%d, %d], [%d, %d], [1, 1], %d, [%d, %d, %d, %d])"
            .formatted(w, pad, pad, stride, stride, groups, batch, channels, height, width);
    return "    out.append(%s)\n    out.append(ws[%d])\n".formatted(weight, w + 1);
  }

  /** The weight index of each oneDNN convolution written so far, in order (the checking module's errors follow it). */
  List<Integer> order() {
    return List.copyOf(order);
  }

  /** The weight indices of the convolutions written so far that can become matrix products (1x1, no padding). */
  Set<Integer> pointwise() {
    return Set.copyOf(pointwise);
  }
}
