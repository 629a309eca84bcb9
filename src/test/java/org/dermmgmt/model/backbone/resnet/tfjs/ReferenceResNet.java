package org.dermmgmt.model.backbone.resnet.tfjs;

/**
 * A deliberately naive float reference of Keras ResNet-50's layers, computed in plain Java loops
 * straight from the TF.js tensors (HWIO kernels, NHWC activations, double accumulation) and
 * sharing no code with the DJL block or the importer. Activations are one image, HWC.
 */
final class ReferenceResNet {
  /** An HWC activation. */
  record Map(int h, int w, int c, float[] v) {}

  private final TfjsLayersModel model;

  ReferenceResNet(TfjsLayersModel model) {
    this.model = model;
  }

  /** Keras Conv2D with bias: zero padding {@code pad} on every side, then a valid strided conv. */
  Map conv(Map x, String name, int stride, int pad) {
    TfjsTensor kernel = model.tensor(name + "/kernel");
    float[] k = kernel.values();
    float[] bias = model.tensor(name + "/bias").values();
    int kh = kernel.shape()[0];
    int kw = kernel.shape()[1];
    int cin = kernel.shape()[2];
    int cout = kernel.shape()[3];
    if (cin != x.c()) {
      throw new IllegalArgumentException(name + ": kernel expects " + cin + " channels, got " + x.c());
    }
    int oh = (x.h() + 2 * pad - kh) / stride + 1;
    int ow = (x.w() + 2 * pad - kw) / stride + 1;
    float[] out = new float[oh * ow * cout];
    double[] acc = new double[cout];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int o = 0; o < cout; o++) {
          acc[o] = bias[o];
        }
        for (int dy = 0; dy < kh; dy++) {
          int iy = oy * stride + dy - pad;
          if (iy < 0 || iy >= x.h()) {
            continue;
          }
          for (int dx = 0; dx < kw; dx++) {
            int ix = ox * stride + dx - pad;
            if (ix < 0 || ix >= x.w()) {
              continue;
            }
            int in = (iy * x.w() + ix) * cin;
            int kBase = (dy * kw + dx) * cin * cout;
            for (int i = 0; i < cin; i++) {
              double v = x.v()[in + i];
              int kRow = kBase + i * cout;
              for (int o = 0; o < cout; o++) {
                acc[o] += v * k[kRow + o];
              }
            }
          }
        }
        int at = (oy * ow + ox) * cout;
        for (int o = 0; o < cout; o++) {
          out[at + o] = (float) acc[o];
        }
      }
    }
    return new Map(oh, ow, cout, out);
  }

  /** Keras BatchNormalization at inference: (x - mean) / sqrt(var + eps) * gamma + beta. */
  Map bn(Map x, String name, double eps) {
    float[] g = model.tensor(name + "/gamma").values();
    float[] b = model.tensor(name + "/beta").values();
    float[] m = model.tensor(name + "/moving_mean").values();
    float[] var = model.tensor(name + "/moving_variance").values();
    float[] out = new float[x.v().length];
    for (int i = 0; i < out.length; i++) {
      int c = i % x.c();
      out[i] = (float) ((x.v()[i] - m[c]) / Math.sqrt(var[c] + eps) * g[c] + b[c]);
    }
    return new Map(x.h(), x.w(), x.c(), out);
  }

  static Map relu(Map x) {
    float[] out = x.v().clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0f, out[i]);
    }
    return new Map(x.h(), x.w(), x.c(), out);
  }

  static Map add(Map a, Map b) {
    float[] out = new float[a.v().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.v()[i] + b.v()[i];
    }
    return new Map(a.h(), a.w(), a.c(), out);
  }

  /** Keras ZeroPadding2D(1) then MaxPooling2D(3, strides 2, valid). */
  static Map zeroPadMaxPool(Map x) {
    int ph = x.h() + 2;
    int pw = x.w() + 2;
    int oh = (ph - 3) / 2 + 1;
    int ow = (pw - 3) / 2 + 1;
    float[] out = new float[oh * ow * x.c()];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int c = 0; c < x.c(); c++) {
          float best = Float.NEGATIVE_INFINITY;
          for (int dy = 0; dy < 3; dy++) {
            for (int dx = 0; dx < 3; dx++) {
              int iy = oy * 2 + dy - 1;
              int ix = ox * 2 + dx - 1;
              boolean inside = iy >= 0 && iy < x.h() && ix >= 0 && ix < x.w();
              best = Math.max(best, inside ? x.v()[(iy * x.w() + ix) * x.c() + c] : 0f);
            }
          }
          out[(oy * ow + ox) * x.c() + c] = best;
        }
      }
    }
    return new Map(oh, ow, x.c(), out);
  }

  /** conv1_pad, conv1, bn_conv1, ReLU. */
  Map stem(Map image) {
    return relu(bn(conv(image, "conv1", 2, 3), "bn_conv1", 1e-3));
  }

  /**
   * Keras' identity or conv block {@code res<stage><letter>}: v1, so the stride is on branch2a
   * and on the branch1 shortcut.
   */
  Map bottleneck(Map x, int stage, char letter, int stride, boolean projection) {
    String res = "res" + stage + letter;
    String bn = "bn" + stage + letter;
    Map y = relu(bn(conv(x, res + "_branch2a", stride, 0), bn + "_branch2a", 1e-3));
    y = relu(bn(conv(y, res + "_branch2b", 1, 1), bn + "_branch2b", 1e-3));
    y = bn(conv(y, res + "_branch2c", 1, 0), bn + "_branch2c", 1e-3);
    Map shortcut = projection ? bn(conv(x, res + "_branch1", stride, 0), bn + "_branch1", 1e-3) : x;
    return relu(add(y, shortcut));
  }
}
