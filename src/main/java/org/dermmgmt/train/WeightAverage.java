package org.dermmgmt.train;

import org.dermmgmt.infer.RunDir;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The element-wise mean of several saved parameter sets of one network. */
final class WeightAverage {
  private WeightAverage() {}

  /**
   * Leaves {@code net} holding the mean of the parameter files (each written by {@link
   * RunDir#saveParameters} for this network).
   */
  static void load(Block net, NDManager manager, List<Path> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no parameter files to average");
    }
    Map<String, float[]> sum = new LinkedHashMap<>();
    for (Path file : files) {
      RunDir.loadParameters(net, manager, file);
      for (Pair<String, Parameter> p : net.getParameters()) {
        float[] v = p.getValue().getArray().toFloatArray();
        float[] acc = sum.computeIfAbsent(p.getKey(), k -> new float[v.length]);
        for (int i = 0; i < v.length; i++) {
          acc[i] += v[i];
        }
      }
    }
    for (Pair<String, Parameter> p : net.getParameters()) {
      float[] acc = sum.get(p.getKey());
      for (int i = 0; i < acc.length; i++) {
        acc[i] /= files.size();
      }
      p.getValue().getArray().set(FloatBuffer.wrap(acc));
    }
  }
}
