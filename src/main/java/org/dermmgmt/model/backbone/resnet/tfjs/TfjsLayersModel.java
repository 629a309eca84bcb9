package org.dermmgmt.model.backbone.resnet.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.UserInputException;

/**
 * A TensorFlow.js layers model read without TensorFlow: {@code model.json} (the Keras topology
 * and the weights manifest) and its binary shards. Each manifest group lists shard files, to be
 * concatenated in the listed order, and the tensors stored back to back in them (name, shape,
 * dtype); values are little-endian. Only float32 weights are supported (the converter's optional
 * quantisation is refused, not guessed at).
 */
public final class TfjsLayersModel {
  public static final String MODEL_JSON = "model.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path source;
  private final List<TfjsLayer> layers;
  private final Map<String, TfjsLayer> layersByName = new LinkedHashMap<>();
  private final Map<String, TfjsTensor> tensors;

  private TfjsLayersModel(Path source, List<TfjsLayer> layers, Map<String, TfjsTensor> tensors) {
    this.source = source;
    this.layers = List.copyOf(layers);
    layers.forEach(l -> layersByName.put(l.name(), l));
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /** Reads a model from its folder (or its model.json); every problem is a one-line user error. */
  public static TfjsLayersModel read(Path dirOrJson) {
    Path json = Files.isDirectory(dirOrJson) ? dirOrJson.resolve(MODEL_JSON) : dirOrJson;
    if (!Files.isRegularFile(json)) {
      throw new UserInputException(json + ": no such file (expected a TF.js layers model: "
          + MODEL_JSON + " and its weight shards group1-shard*.bin in one folder)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json.toFile());
    } catch (IOException e) {
      throw new UserInputException(json + " is not valid JSON: " + oneLine(e.getMessage()), e);
    }
    String format = root.path("format").asText("");
    if (!format.isEmpty() && !"layers-model".equals(format)) {
      throw new UserInputException(
          json + " is a TF.js '" + format + "', expected a 'layers-model' (Keras topology)");
    }
    List<TfjsLayer> layers = topology(json, root.path("modelTopology"));
    JsonNode manifest = root.path("weightsManifest");
    if (!manifest.isArray() || manifest.isEmpty()) {
      throw new UserInputException(json + " has no weightsManifest (the list of weight shards)");
    }
    Map<String, TfjsTensor> tensors = new LinkedHashMap<>();
    int group = 0;
    for (JsonNode g : manifest) {
      readGroup(json, ++group, g, tensors);
    }
    return new TfjsLayersModel(json, layers, tensors);
  }

  private static List<TfjsLayer> topology(Path json, JsonNode topology) {
    // Keras' model.to_json() nests the model under model_config; older exports put it at the top.
    JsonNode model = topology.has("model_config") ? topology.get("model_config") : topology;
    JsonNode list = model.path("config").path("layers");
    if (!list.isArray()) {
      throw new UserInputException(json + " has no modelTopology layer list (model_config.config.layers)");
    }
    List<TfjsLayer> out = new ArrayList<>();
    for (JsonNode l : list) {
      List<String> inbound = new ArrayList<>();
      for (JsonNode node : l.path("inbound_nodes")) {
        for (JsonNode edge : node) {
          inbound.add(edge.path(0).asText());
        }
      }
      out.add(new TfjsLayer(l.path("name").asText(l.path("config").path("name").asText()),
          l.path("class_name").asText(), l.path("config"), inbound));
    }
    return out;
  }

  private static void readGroup(Path json, int group, JsonNode g, Map<String, TfjsTensor> tensors) {
    List<String> paths = new ArrayList<>();
    g.path("paths").forEach(p -> paths.add(p.asText()));
    long needed = 0;
    for (JsonNode w : g.path("weights")) {
      String name = w.path("name").asText();
      String dtype = w.path("dtype").asText("float32");
      if (!"float32".equals(dtype) || w.has("quantization")) {
        throw new UserInputException(json + ": weight '" + name + "' is " + dtype
            + (w.has("quantization") ? " quantised" : "") + "; only float32 weights are supported");
      }
      needed += 4 * TfjsTensor.elements(shape(w));
    }
    if (needed > Integer.MAX_VALUE - 8) {
      throw new UserInputException(json + ": weight group " + group + " needs " + needed
          + " bytes, more than one Java array holds");
    }
    byte[] bytes = new byte[(int) needed];
    long[] shardEnds = new long[paths.size()];
    long filled = 0;
    Path dir = json.toAbsolutePath().getParent();
    for (int i = 0; i < paths.size(); i++) {
      Path shard = dir.resolve(paths.get(i));
      if (!Files.isRegularFile(shard)) {
        throw new UserInputException(shard + ": missing weight shard " + (i + 1) + " of "
            + paths.size() + " listed in " + json);
      }
      try (InputStream in = Files.newInputStream(shard)) {
        int n = in.readNBytes(bytes, (int) filled, (int) (needed - filled));
        filled += n;
        if (in.read() >= 0) {
          throw new UserInputException(shard + ": the weight shards hold more bytes than the "
              + needed + " that the tensors of " + json + " (group " + group + ") need");
        }
      } catch (IOException e) {
        throw new UserInputException("cannot read weight shard " + shard + ": " + oneLine(e.getMessage()), e);
      }
      shardEnds[i] = filled;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long offset = 0;
    for (JsonNode w : g.path("weights")) {
      String name = w.path("name").asText();
      int[] shape = shape(w);
      int count = (int) TfjsTensor.elements(shape);
      long end = offset + 4L * count;
      if (end > filled) {
        throw new UserInputException(dir.resolve(paths.get(paths.size() - 1)) + " is short: the shards of "
            + json + " (group " + group + ") hold " + filled + " bytes, but tensor '" + name
            + "' ends at byte " + end + " and all tensors need " + needed);
      }
      float[] values = new float[count];
      buffer.position((int) offset);
      buffer.asFloatBuffer().get(values);
      if (tensors.put(name, new TfjsTensor(name, shape, values)) != null) {
        throw new UserInputException(json + " lists weight '" + name + "' twice");
      }
      offset = end;
    }
  }

  private static int[] shape(JsonNode w) {
    JsonNode s = w.path("shape");
    int[] shape = new int[s.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = s.get(i).asInt();
    }
    return shape;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  /** The model.json this was read from. */
  public Path source() {
    return source;
  }

  /** The topology's layers in model.json order. */
  public List<TfjsLayer> layers() {
    return layers;
  }

  /** The named layer; a missing one is a user error naming the file. */
  public TfjsLayer layer(String name) {
    TfjsLayer l = layersByName.get(name);
    if (l == null) {
      throw new UserInputException(source + " has no layer '" + name + "' in its topology");
    }
    return l;
  }

  /** All weights by name, in manifest order. */
  public Map<String, TfjsTensor> tensors() {
    return tensors;
  }

  /** The named weight (e.g. {@code res2a_branch2a/kernel}); a missing one is a user error. */
  public TfjsTensor tensor(String name) {
    TfjsTensor t = tensors.get(name);
    if (t == null) {
      throw new UserInputException(source + " has no weight '" + name + "' in its weightsManifest");
    }
    return t;
  }

  /** Number of stored values. */
  public long parameterCount() {
    return tensors.values().stream().mapToLong(t -> t.values().length).sum();
  }
}
