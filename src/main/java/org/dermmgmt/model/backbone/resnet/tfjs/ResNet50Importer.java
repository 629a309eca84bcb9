package org.dermmgmt.model.backbone.resnet.tfjs;

import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.backbone.resnet.ConvBn;
import org.dermmgmt.model.backbone.resnet.ResNet50;

/**
 * Copies the Keras ResNet-50 weights of a TF.js layers model into an initialised {@link ResNet50}.
 *
 * <p>Layers are matched by their Keras names ({@code conv1}/{@code bn_conv1}, {@code
 * res3a_branch2a}/{@code bn3a_branch2a}, ..., {@code fc1000}). Before anything is copied, each
 * conv's topology entry is checked against the block (kernel, stride, padding, bias), each batch
 * norm's epsilon, and every tensor's shape, so a v1.5 or otherwise different model fails loudly
 * instead of loading garbage. Conv kernels go from HWIO to PyTorch's OIHW; the dense kernel from
 * [in, out] to (out, in). Values are written into the existing parameter arrays, so they stay
 * ordinary trainable parameters (running statistics stay untrained).
 */
public final class ResNet50Importer {
  private ResNet50Importer() {}

  private record Copy(Parameter target, float[] values) {}

  public static void load(ResNet50 net, TfjsLayersModel model) {
    if (!net.isInitialized()) {
      throw new IllegalStateException(
          "initialise the block first: net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224))");
    }
    List<ConvBn> layers = net.layers();
    long convsInFile = model.layers().stream().filter(l -> "Conv2D".equals(l.className())).count();
    if (convsInFile != layers.size()) {
      throw new UserInputException(model.source() + " does not fit this ResNet: the file has "
          + convsInFile + " Conv2D layers, the block " + layers.size()
          + (net.isStandard() ? "" : " (not the standard ResNet-50 widths and depths)"));
    }
    List<Copy> copies = new ArrayList<>();
    for (ConvBn layer : layers) {
      checkTopology(model, layer);
      copies.add(new Copy(layer.weight(), oihw(model, layer)));
      copies.add(new Copy(layer.bias(), vector(model, layer.convName() + "/bias", layer.outChannels())));
      String bn = layer.bnName();
      copies.add(new Copy(layer.gamma(), vector(model, bn + "/gamma", layer.outChannels())));
      copies.add(new Copy(layer.beta(), vector(model, bn + "/beta", layer.outChannels())));
      copies.add(new Copy(layer.runningMean(), vector(model, bn + "/moving_mean", layer.outChannels())));
      copies.add(new Copy(layer.runningVar(), vector(model, bn + "/moving_variance", layer.outChannels())));
    }
    if (net.hasClassifier()) {
      copies.add(new Copy(net.classifierWeight(), dense(model, net.featureSize(), net.numClasses())));
      copies.add(new Copy(net.classifierBias(), vector(model, "fc1000/bias", net.numClasses())));
    }
    for (Copy c : copies) {
      c.target().getArray().set(c.values());
    }
  }

  private static void checkTopology(TfjsLayersModel model, ConvBn layer) {
    TfjsLayer conv = model.layer(layer.convName());
    int[] kernel = conv.intPair("kernel_size");
    int[] strides = conv.intPair("strides");
    int padding = padding(model, conv, kernel);
    boolean bias = conv.config().path("use_bias").asBoolean(false);
    int k = layer.kernel();
    int s = layer.stride();
    if (!"Conv2D".equals(conv.className()) || !Arrays.equals(kernel, new int[] {k, k})
        || !Arrays.equals(strides, new int[] {s, s}) || padding != layer.padding() || !bias) {
      throw mismatch(model, layer.convName(),
          "Conv2D " + k + "x" + k + " stride " + s + " zero padding " + layer.padding() + " with bias",
          conv.className() + " " + Arrays.toString(kernel) + " stride " + Arrays.toString(strides)
              + " padding " + conv.text("padding") + (padding >= 0 ? " (" + padding + ")" : "")
              + (bias ? " with bias" : " without bias"));
    }
    TfjsLayer bn = model.layer(layer.bnName());
    double eps = bn.config().path("epsilon").asDouble(Double.NaN);
    if (!"BatchNormalization".equals(bn.className()) || !(Math.abs(eps - ConvBn.EPSILON) < 1e-9)) {
      throw mismatch(model, layer.bnName(), "BatchNormalization with epsilon " + ConvBn.EPSILON,
          bn.className() + " with epsilon " + eps);
    }
  }

  /**
   * The symmetric zero padding a Keras conv applies: (k - 1) / 2 for "same" at stride 1, else
   * that of a ZeroPadding2D feeding a "valid" conv (conv1_pad); -1 when it is not symmetric.
   */
  private static int padding(TfjsLayersModel model, TfjsLayer conv, int[] kernel) {
    String mode = conv.text("padding");
    int[] strides = conv.intPair("strides");
    if ("same".equals(mode) && kernel != null && strides != null && strides[0] == 1 && strides[1] == 1
        && kernel[0] == kernel[1] && kernel[0] % 2 == 1) {
      return (kernel[0] - 1) / 2;
    }
    if (!"valid".equals(mode)) {
      return -1;
    }
    if (conv.inbound().size() == 1) {
      TfjsLayer in = model.layers().stream()
          .filter(l -> l.name().equals(conv.inbound().get(0))).findFirst().orElse(null);
      if (in != null && "ZeroPadding2D".equals(in.className())) {
        var p = in.config().path("padding");
        int a = p.path(0).path(0).asInt(-1);
        boolean symmetric = a == p.path(0).path(1).asInt(-2) && a == p.path(1).path(0).asInt(-3)
            && a == p.path(1).path(1).asInt(-4);
        return symmetric ? a : -1;
      }
    }
    return 0;
  }

  /** HWIO [k, k, in, out] to OIHW (out, in, k, k). */
  private static float[] oihw(TfjsLayersModel model, ConvBn layer) {
    TfjsTensor t = model.tensor(layer.convName() + "/kernel");
    int k = layer.kernel();
    int in = layer.inChannels();
    int out = layer.outChannels();
    if (!Arrays.equals(t.shape(), new int[] {k, k, in, out})) {
      throw mismatch(model, layer.convName(), "kernel [" + k + ", " + k + ", " + in + ", " + out + "] (HWIO)",
          "'" + t.name() + "' " + t.shapeString());
    }
    float[] src = t.values();
    float[] dst = new float[src.length];
    for (int h = 0; h < k; h++) {
      for (int w = 0; w < k; w++) {
        for (int i = 0; i < in; i++) {
          int from = ((h * k + w) * in + i) * out;
          for (int o = 0; o < out; o++) {
            dst[((o * in + i) * k + h) * k + w] = src[from + o];
          }
        }
      }
    }
    return dst;
  }

  /** fc1000/kernel [in, out] to (out, in). */
  private static float[] dense(TfjsLayersModel model, int in, int out) {
    TfjsTensor t = model.tensor("fc1000/kernel");
    if (!Arrays.equals(t.shape(), new int[] {in, out})) {
      throw mismatch(model, "fc1000", "kernel [" + in + ", " + out + "]", "'" + t.name() + "' " + t.shapeString());
    }
    float[] src = t.values();
    float[] dst = new float[src.length];
    for (int i = 0; i < in; i++) {
      for (int o = 0; o < out; o++) {
        dst[o * in + i] = src[i * out + o];
      }
    }
    return dst;
  }

  private static float[] vector(TfjsLayersModel model, String name, int size) {
    TfjsTensor t = model.tensor(name);
    if (!Arrays.equals(t.shape(), new int[] {size})) {
      throw mismatch(model, name.substring(0, name.indexOf('/')), "'" + name + "' [" + size + "]",
          t.shapeString());
    }
    return t.values();
  }

  private static UserInputException mismatch(TfjsLayersModel model, String layer, String expected, String actual) {
    return new UserInputException(model.source() + " does not fit layer " + layer
        + " of ResNet-50: expected " + expected + ", the file has " + actual);
  }
}
