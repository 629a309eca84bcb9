package org.dermmgmt.decide;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.UserInputException;

/** JSON helpers of the decision files (calibration.json, policy.json); JSON has no NaN: null. */
final class DecideJson {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Compact, one object per line: the audit log. */
  static final ObjectMapper LINE = new ObjectMapper();

  private DecideJson() {}

  static void put(ObjectNode node, String key, double v) {
    if (Double.isFinite(v)) {
      node.put(key, v);
    } else {
      node.putNull(key);
    }
  }

  static double num(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? Double.NaN : n.asDouble();
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
      Files.writeString(file, text(node) + System.lineSeparator());
    } catch (IOException e) {
      throw new UserInputException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(file + " does not exist");
    }
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UserInputException("cannot read JSON " + file + ": " + e.getMessage(), e);
    }
  }

  /** A required number in (lo, hi]; otherwise a one-line error naming the file and key. */
  static double number(JsonNode o, String key, String source) {
    JsonNode n = o.get(key);
    if (n == null || !n.isNumber()) {
      throw new UserInputException(source + ": '" + key + "' must be a number");
    }
    return n.asDouble();
  }
}
