package org.dermmgmt.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dermmgmt.model.backbone.resnet.ResNet50;
import org.dermmgmt.model.script.MixedPrecision;
import org.dermmgmt.model.script.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Mixed-precision training of both backbones (CPUs with native bf16): the bf16 forward and its
 * gradients agree with fp32's to bf16 rounding, the gradients land on the fp32 weights, and a step
 * leaves nothing on the model's manager (the casts of the weights belong to the batch).
 */
class MixedPrecisionTrainingTest {

  /** Features and every parameter's gradient of one training forward and backward. */
  private record Step(float[] features, Map<String, float[]> gradients, DataType gradientType) {}

  private static Step step(AbstractBlock net, NDManager model, NDArray input, Precision precision) {
    ((MixedPrecision) net).trainIn(precision);
    try (NDManager batch = model.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray x = input.duplicate();
      x.attach(batch);
      NDArray f = net.forward(new ParameterStore(batch, false), new NDList(x), true).singletonOrThrow();
      gc.backward(f.square().mean());
      Map<String, float[]> grads = new LinkedHashMap<>();
      DataType type = null;
      for (Pair<String, Parameter> p : net.getParameters()) {
        if (p.getValue().requiresGradient()) {
          NDArray g = p.getValue().getArray().getGradient();
          g.attach(batch); // DJL wraps the gradient anew on every call, on the weight's (model's) manager
          type = g.getDataType();
          grads.put(p.getKey(), g.toFloatArray());
        }
      }
      return new Step(f.toFloatArray(), grads, type);
    }
  }

  private static double relativeGap(float[] a, float[] b) {
    double worst = 0;
    double scale = 1e-12;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return worst / scale;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 && nb == 0 ? 1 : dot / Math.sqrt(na * nb);
  }

  private static void agrees(AbstractBlock net, NDManager model, Shape shape) {
    for (Pair<String, Parameter> p : net.getParameters()) {
      if (!p.getKey().contains("running")) {
        p.getValue().getArray().setRequiresGradient(true);
      }
    }
    Engine.getInstance().setRandomSeed(7);
    NDArray input = model.randomUniform(-1, 1, shape);
    Step fp32 = step(net, model, input, Precision.FP32);
    int managed = model.getManagedArrays().size();
    Step bf16 = step(net, model, input, Precision.BF16);
    step(net, model, input, Precision.BF16);
    assertThat(model.getManagedArrays().size()).as("nothing left on the model's manager").isEqualTo(managed);
    assertThat(bf16.gradientType()).as("gradients of the fp32 weights").isEqualTo(DataType.FLOAT32);
    double gap = relativeGap(bf16.features(), fp32.features());
    assertThat(gap).as("bf16 rounding, not fp32's").isGreaterThan(1e-5).isLessThan(0.1);
    assertThat(bf16.gradients().keySet()).isEqualTo(fp32.gradients().keySet());
    // A lost or misrouted gradient has a cosine near 0 (or NaN). Rounding in a random network's
    // deep backward blurs the first layers' gradients most (stem ~0.8), the average stays high.
    double sum = 0;
    for (String name : fp32.gradients().keySet()) {
      double c = cosine(bf16.gradients().get(name), fp32.gradients().get(name));
      assertThat(c).as(name).isGreaterThan(0.5);
      sum += c;
    }
    assertThat(sum / fp32.gradients().size()).as("mean cosine").isGreaterThan(0.95);
  }

  @Test
  void mobileNetV2TrainsInMixedPrecision() {
    Assumptions.assumeTrue(Precision.usableBf16(), "this CPU has no native bf16");
    try (NDManager model = NDManager.newBaseManager("PyTorch")) {
      Engine.getInstance().setRandomSeed(7); // a seeded initialisation: the bounds hold for this network
      MobileNetV2 net = MobileNetV2.builder().optWidthMultiplier(0.25f).optLastChannels(64).build();
      net.initialize(model, DataType.FLOAT32, new Shape(2, 3, 32, 32));
      agrees(net, model, new Shape(2, 3, 32, 32));
    }
  }

  @Test
  void resNet50TrainsInMixedPrecisionOnFoldedBatchNorm() {
    Assumptions.assumeTrue(Precision.usableBf16(), "this CPU has no native bf16");
    try (NDManager model = NDManager.newBaseManager("PyTorch")) {
      Engine.getInstance().setRandomSeed(7);
      ResNet50 net = ResNet50.tiny().build();
      net.initialize(model, DataType.FLOAT32, new Shape(2, 3, 64, 64));
      agrees(net, model, new Shape(2, 3, 64, 64));
    }
  }
}
