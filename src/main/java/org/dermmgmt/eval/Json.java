package org.dermmgmt.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.UserInputException;
import org.dermmgmt.io.AtomicFiles;

/**
 * JSON helpers for the eval files. The trees are built by hand because the file layout is a
 * contract with other commands, and because JSON has no NaN: undefined metrics are written as null
 * and read back as NaN.
 */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  static void put(ObjectNode node, String key, double v) {
    if (Double.isFinite(v)) {
      node.put(key, v);
    } else {
      node.putNull(key);
    }
  }

  static void add(ArrayNode node, double v) {
    if (Double.isFinite(v)) {
      node.add(v);
    } else {
      node.addNull();
    }
  }

  static ArrayNode array(double[] values) {
    ArrayNode a = MAPPER.createArrayNode();
    for (double v : values) {
      add(a, v);
    }
    return a;
  }

  /** A number, or NaN for null/absent. */
  static double num(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? Double.NaN : n.asDouble();
  }

  static double[] nums(JsonNode a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = num(a.get(i));
    }
    return v;
  }

  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void write(JsonNode node, Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      AtomicFiles.writeString(file, text(node) + System.lineSeparator());
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new UserInputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UserInputException("cannot read JSON " + file + ": " + e.getMessage(), e);
    }
  }
}
