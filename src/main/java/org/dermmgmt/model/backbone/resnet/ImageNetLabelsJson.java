package org.dermmgmt.model.backbone.resnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.UserInputException;

/**
 * The 1000 ImageNet class names of the Keras models, as the TF.js package ships them: {@code
 * {"0": "tench", "1": "goldfish", ...}} (no background class, unlike MobileNetV2's 1001 lines).
 */
public final class ImageNetLabelsJson {
  public static final String FILE_NAME = "imagenet_labels.json";
  public static final int CLASSES = 1000;

  private ImageNetLabelsJson() {}

  public static List<String> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UserInputException("cannot read labels " + file + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < CLASSES; i++) {
      JsonNode name = root == null ? null : root.get(Integer.toString(i));
      if (name == null || !name.isTextual()) {
        throw new UserInputException(file + ": no label for class \"" + i + "\" (expected {\"0\": \"tench\", ...} with "
            + CLASSES + " classes)");
      }
      out.add(name.asText());
    }
    if (root.size() != CLASSES) {
      throw new UserInputException(file + " has " + root.size() + " entries, expected " + CLASSES + " labels");
    }
    return out;
  }
}
