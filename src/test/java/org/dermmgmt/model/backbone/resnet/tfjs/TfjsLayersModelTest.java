package org.dermmgmt.model.backbone.resnet.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TF.js reader on small hand-made exports: layout, concatenation order and every error. */
class TfjsLayersModelTest {
  @TempDir Path dir;

  private static final String TOPOLOGY = """
      {"keras_version": "2.2.4", "model_config": {"class_name": "Model", "config": {"layers": [
        {"name": "input_1", "class_name": "InputLayer", "config": {}, "inbound_nodes": []},
        {"name": "conv", "class_name": "Conv2D", "config": {"kernel_size": [1, 1], "strides": [2, 2],
         "padding": "valid", "use_bias": true}, "inbound_nodes": [[["input_1", 0, 0, {}]]]}]}}}""";

  /** Two tensors (a 1x1x2x3 kernel and a bias of 3) = 9 floats, split over shards of 20 + 16 bytes. */
  private void write(String weightsExtra, byte[]... shards) throws Exception {
    StringBuilder paths = new StringBuilder();
    for (int i = 0; i < shards.length; i++) {
      String name = "group1-shard" + (i + 1) + "of" + shards.length + ".bin";
      paths.append(i == 0 ? "" : ", ").append('"').append(name).append('"');
      Files.write(dir.resolve(name), shards[i]);
    }
    Files.writeString(dir.resolve("model.json"), """
        {"format": "layers-model", "modelTopology": %s, "weightsManifest": [{"paths": [%s], "weights": [
          {"name": "conv/kernel", "shape": [1, 1, 2, 3], "dtype": "float32"%s},
          {"name": "conv/bias", "shape": [3], "dtype": "float32"}]}]}""".formatted(TOPOLOGY, paths, weightsExtra));
  }

  private static byte[] floats(float from, int count) {
    ByteBuffer b = ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      b.putFloat(from + i);
    }
    return b.array();
  }

  @Test
  void concatenatesShardsInManifestOrder() throws Exception {
    write("", floats(0, 5), floats(5, 4));
    TfjsLayersModel model = TfjsLayersModel.read(dir);
    assertThat(model.tensors().keySet()).containsExactly("conv/kernel", "conv/bias");
    TfjsTensor kernel = model.tensor("conv/kernel");
    assertThat(kernel.shape()).containsExactly(1, 1, 2, 3);
    assertThat(kernel.values()).containsExactly(0, 1, 2, 3, 4, 5);
    // The bias starts inside shard 1 (float 6 of 9) and ends in shard 2.
    assertThat(model.tensor("conv/bias").values()).containsExactly(6, 7, 8);
    assertThat(model.parameterCount()).isEqualTo(9);
    assertThat(model.layers()).extracting(TfjsLayer::name).containsExactly("input_1", "conv");
    assertThat(model.layer("conv").intPair("strides")).containsExactly(2, 2);
    assertThat(model.layer("conv").inbound()).containsExactly("input_1");
    assertThat(TfjsLayersModel.read(dir.resolve("model.json")).parameterCount()).isEqualTo(9);
  }

  @Test
  void missingShardNamesIt() throws Exception {
    write("", floats(0, 5), floats(5, 4));
    Files.delete(dir.resolve("group1-shard2of2.bin"));
    assertThatThrownBy(() -> TfjsLayersModel.read(dir))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("group1-shard2of2.bin: missing weight shard 2 of 2")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void shortShardNamesTheTensorThatDoesNotFit() throws Exception {
    write("", floats(0, 5), floats(5, 2));
    assertThatThrownBy(() -> TfjsLayersModel.read(dir))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("group1-shard2of2.bin is short")
        .hasMessageContaining("hold 28 bytes")
        .hasMessageContaining("tensor 'conv/bias' ends at byte 36");
  }

  @Test
  void surplusBytesAreAnError() throws Exception {
    write("", floats(0, 5), floats(5, 5));
    assertThatThrownBy(() -> TfjsLayersModel.read(dir))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("more bytes than the 36");
  }

  @Test
  void missingTensorOrLayerIsAUserError() throws Exception {
    write("", floats(0, 9));
    TfjsLayersModel model = TfjsLayersModel.read(dir);
    assertThatThrownBy(() -> model.tensor("fc1000/kernel"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("has no weight 'fc1000/kernel'");
    assertThatThrownBy(() -> model.layer("bn_conv1"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("has no layer 'bn_conv1'");
  }

  @Test
  void refusesQuantisedWeightsAndOtherFormats() throws Exception {
    write(", \"quantization\": {\"dtype\": \"uint8\", \"scale\": 0.1, \"min\": 0}", floats(0, 9));
    assertThatThrownBy(() -> TfjsLayersModel.read(dir))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("'conv/kernel' is float32 quantised");
    Files.writeString(dir.resolve("model.json"), "{\"format\": \"graph-model\", \"modelTopology\": {}}");
    assertThatThrownBy(() -> TfjsLayersModel.read(dir))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("expected a 'layers-model'");
    Files.writeString(dir.resolve("model.json"), "{not json");
    assertThatThrownBy(() -> TfjsLayersModel.read(dir))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("is not valid JSON");
    assertThatThrownBy(() -> TfjsLayersModel.read(dir.resolve("nowhere")))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("no such file");
  }
}
