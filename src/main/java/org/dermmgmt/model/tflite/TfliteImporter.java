package org.dermmgmt.model.tflite;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.MobileNetV2;
import org.dermmgmt.model.MobileNetV2.Kind;
import org.dermmgmt.model.MobileNetV2.Layer;
import org.dermmgmt.model.tflite.TfliteOperator.Activation;

/**
 * Copies the weights of a TFLite MobileNetV2 into an initialised {@link MobileNetV2} block.
 *
 * <p>The i-th CONV_2D / DEPTHWISE_CONV_2D of the graph goes to the i-th {@link Layer} of the
 * block: both follow execution order. Each pair is checked (kind, stride, activation, shapes)
 * before anything is copied, so a wrong file fails loudly instead of loading garbage. Values are
 * written into the existing parameter arrays, so they stay ordinary trainable parameters.
 */
public final class TfliteImporter {
  private TfliteImporter() {}

  public static void load(MobileNetV2 net, TfliteModel model) {
    if (!net.isInitialized()) {
      throw new IllegalStateException(
          "initialise the block first: net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 224, 224))");
    }
    List<TfliteOperator> convs =
        model.operators().stream()
            .filter(op -> op.op().equals("CONV_2D") || op.op().equals("DEPTHWISE_CONV_2D"))
            .toList();
    List<Layer> layers = net.layers();
    // A headless block has no classifier; the file's last conv (the classifier) is then unused.
    boolean skipClassifier = !net.hasClassifier() && convs.size() == layers.size() + 1;
    int used = skipClassifier ? convs.size() - 1 : convs.size();
    if (used != layers.size()) {
      throw new UserInputException(
          model.source() + " does not fit MobileNetV2 (width " + net.widthMultiplier() + ", "
              + net.numClasses() + " classes): expected " + layers.size() + " conv layers"
              + (net.hasClassifier() ? "" : " (+1 classifier)") + ", the file has " + convs.size());
    }
    float[][] weights = new float[used][];
    float[][] biases = new float[used][];
    for (int i = 0; i < used; i++) {
      Layer layer = layers.get(i);
      TfliteOperator op = convs.get(i);
      check(model, layer, op);
      weights[i] = weight(model, layer, model.tensor(op.inputs()[1]));
      biases[i] = bias(model, layer, model.tensor(op.inputs()[2]));
    }
    for (int i = 0; i < used; i++) {
      set(layers.get(i).weight(), weights[i]);
      set(layers.get(i).bias(), biases[i]);
    }
  }

  private static void set(Parameter p, float[] values) {
    p.getArray().set(values);
  }

  private static void check(TfliteModel model, Layer layer, TfliteOperator op) {
    String expectedOp = layer.kind() == Kind.DEPTHWISE ? "DEPTHWISE_CONV_2D" : "CONV_2D";
    Activation expectedAct = layer.relu6() ? Activation.RELU6 : Activation.NONE;
    if (!op.op().equals(expectedOp)
        || op.strideW() != layer.stride()
        || op.strideH() != layer.stride()
        || op.activation() != expectedAct
        || op.padding() != TfliteOperator.Padding.SAME
        || op.inputs().length < 3
        || (layer.kind() == Kind.DEPTHWISE && op.depthMultiplier() != 1)) {
      throw mismatch(
          model, layer,
          expectedOp + " stride " + layer.stride() + " SAME " + expectedAct
              + (layer.kind() == Kind.DEPTHWISE ? " depth multiplier 1" : "") + " with bias",
          op.op() + " stride " + op.strideW() + "x" + op.strideH() + " " + op.padding() + " "
              + op.activation()
              + (layer.kind() == Kind.DEPTHWISE ? " depth multiplier " + op.depthMultiplier() : "")
              + " with " + op.inputs().length + " inputs");
    }
  }

  /** OHWI (conv) or [1, H, W, C] (depthwise) to PyTorch OIHW / [C, 1, H, W]. */
  private static float[] weight(TfliteModel model, Layer layer, TfliteTensor t) {
    Shape expected = layer.weight().getArray().getShape();
    int[] s = t.shape();
    if (s.length != 4) {
      throw mismatch(model, layer, "4-d weight for " + expected, "tensor '" + t.name() + "' "
          + Arrays.toString(s));
    }
    boolean dw = layer.kind() == Kind.DEPTHWISE;
    int out = dw ? s[3] : s[0];
    int in = dw ? 1 : s[3];
    int kh = s[1];
    int kw = s[2];
    Shape actual = new Shape(out, in, kh, kw);
    if (!actual.equals(expected)) {
      throw mismatch(model, layer, "weight " + expected,
          "tensor '" + t.name() + "' " + Arrays.toString(s) + " = " + actual + " in PyTorch layout");
    }
    float[] src = model.dequantize(t);
    float[] dst = new float[src.length];
    for (int o = 0; o < out; o++) {
      for (int h = 0; h < kh; h++) {
        for (int w = 0; w < kw; w++) {
          for (int i = 0; i < in; i++) {
            int from = dw ? (h * kw + w) * out + o : ((o * kh + h) * kw + w) * in + i;
            dst[((o * in + i) * kh + h) * kw + w] = src[from];
          }
        }
      }
    }
    return dst;
  }

  private static float[] bias(TfliteModel model, Layer layer, TfliteTensor t) {
    Shape expected = layer.bias().getArray().getShape();
    if (!new Shape(Arrays.stream(t.shape()).asLongStream().toArray()).equals(expected)) {
      throw mismatch(model, layer, "bias " + expected,
          "tensor '" + t.name() + "' " + Arrays.toString(t.shape()));
    }
    return model.dequantize(t);
  }

  private static UserInputException mismatch(
      TfliteModel model, Layer layer, String expected, String actual) {
    return new UserInputException(
        model.source() + " does not fit layer " + layer.name() + " of MobileNetV2: expected "
            + expected + ", the file has " + actual);
  }
}
