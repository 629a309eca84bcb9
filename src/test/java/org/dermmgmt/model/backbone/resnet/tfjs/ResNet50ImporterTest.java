package org.dermmgmt.model.backbone.resnet.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.backbone.resnet.ConvBn;
import org.dermmgmt.model.backbone.resnet.ResNet50;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer on a synthetic Keras-style TF.js export of the tiny ResNet (CI speed, no real
 * weights): layouts land where PyTorch expects them, and a differently built model is refused.
 */
class ResNet50ImporterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLASSES = 10;
  @TempDir Path dir;

  /** Writes a TF.js export whose topology and tensors fit {@code net}; returns the tensors written. */
  private Map<String, float[]> export(ResNet50 net, Consumer<ObjectNode> editLayers) throws Exception {
    ObjectNode root = JSON.createObjectNode().put("format", "layers-model");
    ArrayNode layers = root.putObject("modelTopology").putObject("model_config").putObject("config").putArray("layers");
    ObjectNode group = root.putArray("weightsManifest").addObject();
    group.putArray("paths").add("group1-shard1of1.bin");
    ArrayNode specs = group.putArray("weights");
    Map<String, float[]> values = new LinkedHashMap<>();
    SplittableRandom random = new SplittableRandom(5);
    ObjectNode pad = layers.addObject().put("name", "conv1_pad").put("class_name", "ZeroPadding2D");
    pad.putObject("config").set("padding", JSON.readTree("[[3, 3], [3, 3]]"));
    for (ConvBn l : net.layers()) {
      ObjectNode conv = layers.addObject().put("name", l.convName()).put("class_name", "Conv2D");
      ObjectNode c = conv.putObject("config");
      c.set("kernel_size", JSON.createArrayNode().add(l.kernel()).add(l.kernel()));
      c.set("strides", JSON.createArrayNode().add(l.stride()).add(l.stride()));
      c.put("padding", l.kernel() == 3 ? "same" : "valid").put("use_bias", true);
      if (l.convName().equals("conv1")) {
        conv.set("inbound_nodes", JSON.readTree("[[[\"conv1_pad\", 0, 0, {}]]]"));
      }
      layers.addObject().put("name", l.bnName()).put("class_name", "BatchNormalization")
          .putObject("config").put("epsilon", 0.001);
      tensor(specs, values, random, l.convName() + "/kernel", l.kernel(), l.kernel(), l.inChannels(), l.outChannels());
      tensor(specs, values, random, l.convName() + "/bias", l.outChannels());
      for (String s : new String[] {"gamma", "beta", "moving_mean", "moving_variance"}) {
        tensor(specs, values, random, l.bnName() + "/" + s, l.outChannels());
      }
    }
    layers.addObject().put("name", "fc1000").put("class_name", "Dense");
    tensor(specs, values, random, "fc1000/kernel", net.featureSize(), CLASSES);
    tensor(specs, values, random, "fc1000/bias", CLASSES);
    editLayers.accept(root);
    int total = values.values().stream().mapToInt(v -> v.length).sum();
    ByteBuffer bytes = ByteBuffer.allocate(4 * total).order(ByteOrder.LITTLE_ENDIAN);
    values.values().forEach(v -> {
      for (float f : v) {
        bytes.putFloat(f);
      }
    });
    Files.write(dir.resolve("group1-shard1of1.bin"), bytes.array());
    JSON.writeValue(dir.resolve("model.json").toFile(), root);
    return values;
  }

  private static void tensor(ArrayNode specs, Map<String, float[]> values, SplittableRandom random, String name, int... shape) {
    ObjectNode spec = specs.addObject().put("name", name).put("dtype", "float32");
    ArrayNode s = spec.putArray("shape");
    int n = 1;
    for (int d : shape) {
      s.add(d);
      n *= d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = name.endsWith("moving_variance") ? 0.5f + (float) random.nextDouble() : (float) random.nextGaussian();
    }
    values.put(name, v);
  }

  private static ObjectNode layer(ObjectNode root, String name) {
    for (var l : root.path("modelTopology").path("model_config").path("config").path("layers")) {
      if (l.path("name").asText().equals(name)) {
        return (ObjectNode) l;
      }
    }
    throw new AssertionError(name);
  }

  private static ResNet50 tiny(NDManager manager) {
    ResNet50 net = ResNet50.tiny().optNumClasses(CLASSES).build();
    net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
    return net;
  }

  @Test
  void copiesEveryTensorIntoPyTorchLayout() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      ResNet50 net = tiny(manager);
      Map<String, float[]> written = export(net, root -> {});
      ResNet50Importer.load(net, TfjsLayersModel.read(dir));
      for (ConvBn l : net.layers()) {
        int k = l.kernel();
        int in = l.inChannels();
        int out = l.outChannels();
        float[] hwio = written.get(l.convName() + "/kernel");
        float[] oihw = l.weight().getArray().toFloatArray();
        for (int probe = 0; probe < 20; probe++) {
          int o = (probe * 7) % out;
          int i = (probe * 3) % in;
          int h = probe % k;
          int w = (probe / 2) % k;
          assertThat(oihw[((o * in + i) * k + h) * k + w]).as(l.convName())
              .isEqualTo(hwio[((h * k + w) * in + i) * out + o]);
        }
        assertThat(l.bias().getArray().toFloatArray()).containsExactly(written.get(l.convName() + "/bias"));
        assertThat(l.gamma().getArray().toFloatArray()).containsExactly(written.get(l.bnName() + "/gamma"));
        assertThat(l.beta().getArray().toFloatArray()).containsExactly(written.get(l.bnName() + "/beta"));
        assertThat(l.runningMean().getArray().toFloatArray()).containsExactly(written.get(l.bnName() + "/moving_mean"));
        assertThat(l.runningVar().getArray().toFloatArray()).containsExactly(written.get(l.bnName() + "/moving_variance"));
      }
      float[] dense = written.get("fc1000/kernel");
      float[] weight = net.classifierWeight().getArray().toFloatArray();
      int features = net.featureSize();
      assertThat(net.classifierWeight().getArray().getShape()).isEqualTo(new Shape(CLASSES, features));
      assertThat(weight[3 * features + 17]).isEqualTo(dense[17 * CLASSES + 3]);
      assertThat(net.classifierBias().getArray().toFloatArray()).containsExactly(written.get("fc1000/bias"));
    }
  }

  @Test
  void refusesTorchvisionStyleStridesAndOtherEpsilons() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      ResNet50 net = tiny(manager);
      // v1.5: the stride moves from the 1x1 branch2a to the 3x3 branch2b.
      export(net, root -> {
        layer(root, "res3a_branch2a").with("config").set("strides", JSON.createArrayNode().add(1).add(1));
        layer(root, "res3a_branch2b").with("config").set("strides", JSON.createArrayNode().add(2).add(2));
      });
      assertThatThrownBy(() -> ResNet50Importer.load(net, TfjsLayersModel.read(dir)))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("layer res3a_branch2a")
          .hasMessageContaining("expected Conv2D 1x1 stride 2")
          .hasMessageContaining("stride [1, 1]");
      // tf.keras 2.x builds ResNet50 with epsilon 1.001e-5 and other layer names.
      export(net, root -> layer(root, "bn4a_branch2b").with("config").put("epsilon", 1.001e-5));
      assertThatThrownBy(() -> ResNet50Importer.load(net, TfjsLayersModel.read(dir)))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("layer bn4a_branch2b")
          .hasMessageContaining("epsilon 1.001E-5");
      export(net, root -> layer(root, "conv1_pad").with("config").set("padding", JSON.createArrayNode()
          .add(JSON.createArrayNode().add(2).add(3)).add(JSON.createArrayNode().add(2).add(3))));
      assertThatThrownBy(() -> ResNet50Importer.load(net, TfjsLayersModel.read(dir)))
          .isInstanceOf(UserInputException.class)
          .hasMessageContaining("layer conv1")
          .hasMessageContaining("zero padding 3");
    }
  }

  @Test
  void uninitialisedBlockIsAProgrammingError() {
    ResNet50 net = ResNet50.tiny().build();
    assertThatThrownBy(() -> ResNet50Importer.load(net, null)).isInstanceOf(IllegalStateException.class);
  }
}
