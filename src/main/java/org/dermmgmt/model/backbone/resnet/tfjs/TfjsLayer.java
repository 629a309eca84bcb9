package org.dermmgmt.model.backbone.resnet.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One layer of a TF.js layers model's Keras topology: its name, Keras class ({@code Conv2D},
 * {@code BatchNormalization}, ...), its config object as written and the names of the layers
 * feeding it.
 */
public record TfjsLayer(String name, String className, JsonNode config, List<String> inbound) {
  public TfjsLayer {
    inbound = List.copyOf(inbound);
  }

  /** An int-pair config entry such as {@code strides: [2, 2]}, or null when absent. */
  public int[] intPair(String key) {
    JsonNode n = config.get(key);
    if (n == null || !n.isArray() || n.size() != 2) {
      return null;
    }
    return new int[] {n.get(0).asInt(), n.get(1).asInt()};
  }

  public String text(String key) {
    JsonNode n = config.get(key);
    return n == null ? null : n.asText();
  }
}
