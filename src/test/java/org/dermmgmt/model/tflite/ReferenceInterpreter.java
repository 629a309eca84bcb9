package org.dermmgmt.model.tflite;

import java.util.HashMap;
import java.util.Map;

/**
 * A deliberately naive float interpreter of the TFLite graph (NHWC, TF SAME padding), written
 * independently of the DJL block, so that tests can check the block against the graph itself.
 */
final class ReferenceInterpreter {
  private final TfliteModel model;

  ReferenceInterpreter(TfliteModel model) {
    this.model = model;
  }

  /** Runs the graph on one NHWC image; returns the tensors by index. */
  Map<Integer, float[]> run(float[] nhwc) {
    Map<Integer, float[]> values = new HashMap<>();
    values.put(model.operators().get(0).inputs()[0], nhwc);
    for (TfliteOperator op : model.operators()) {
      int[] outShape = model.tensor(op.outputs()[0]).shape();
      float[] in = values.get(op.inputs()[0]);
      int[] inShape = model.tensor(op.inputs()[0]).shape();
      float[] out;
      switch (op.op()) {
        case "CONV_2D", "DEPTHWISE_CONV_2D" -> {
          TfliteTensor wt = model.tensor(op.inputs()[1]);
          float[] w = model.dequantize(wt);
          float[] b = model.dequantize(model.tensor(op.inputs()[2]));
          boolean dw = op.op().startsWith("DEPTHWISE");
          out = conv(in, inShape, w, wt.shape(), b, outShape, op.strideH(), dw);
          if (op.activation() == TfliteOperator.Activation.RELU6) {
            for (int i = 0; i < out.length; i++) {
              out[i] = Math.min(6f, Math.max(0f, out[i]));
            }
          }
        }
        case "ADD" -> {
          float[] other = values.get(op.inputs()[1]);
          out = new float[in.length];
          for (int i = 0; i < out.length; i++) {
            out[i] = in[i] + other[i];
          }
        }
        case "AVERAGE_POOL_2D" -> {
          int hw = inShape[1] * inShape[2];
          int c = inShape[3];
          out = new float[c];
          for (int p = 0; p < hw; p++) {
            for (int k = 0; k < c; k++) {
              out[k] += in[p * c + k] / hw;
            }
          }
        }
        case "RESHAPE" -> out = in.clone();
        case "SOFTMAX" -> {
          out = new float[in.length];
          double max = Double.NEGATIVE_INFINITY;
          for (float v : in) {
            max = Math.max(max, v);
          }
          double sum = 0;
          for (int i = 0; i < in.length; i++) {
            sum += Math.exp(in[i] - max);
          }
          for (int i = 0; i < in.length; i++) {
            out[i] = (float) (Math.exp(in[i] - max) / sum);
          }
        }
        default -> throw new IllegalStateException("unsupported op " + op.op());
      }
      values.put(op.outputs()[0], out);
    }
    return values;
  }

  private static float[] conv(
      float[] in, int[] inShape, float[] w, int[] wShape, float[] b, int[] outShape, int stride,
      boolean dw) {
    int ih = inShape[1];
    int iw = inShape[2];
    int ic = inShape[3];
    int oh = outShape[1];
    int ow = outShape[2];
    int oc = outShape[3];
    int kh = wShape[1];
    int kw = wShape[2];
    int padTop = Math.max((oh - 1) * stride + kh - ih, 0) / 2;
    int padLeft = Math.max((ow - 1) * stride + kw - iw, 0) / 2;
    float[] out = new float[oh * ow * oc];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        for (int o = 0; o < oc; o++) {
          double acc = b[o];
          for (int dy = 0; dy < kh; dy++) {
            int sy = y * stride - padTop + dy;
            if (sy < 0 || sy >= ih) {
              continue;
            }
            for (int dx = 0; dx < kw; dx++) {
              int sx = x * stride - padLeft + dx;
              if (sx < 0 || sx >= iw) {
                continue;
              }
              int base = (sy * iw + sx) * ic;
              if (dw) {
                acc += in[base + o] * w[(dy * kw + dx) * oc + o];
              } else {
                int wb = ((o * kh + dy) * kw + dx) * ic;
                for (int i = 0; i < ic; i++) {
                  acc += in[base + i] * w[wb + i];
                }
              }
            }
          }
          out[(y * ow + x) * oc + o] = (float) acc;
        }
      }
    }
    return out;
  }
}
