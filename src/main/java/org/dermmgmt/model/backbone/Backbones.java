package org.dermmgmt.model.backbone;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dermmgmt.UserInputException;

/** The registry of backbones by the name config.json and {@code --backbone} use. */
public final class Backbones {
  private static final Map<String, Backbone> ALL = new LinkedHashMap<>();

  static {
    register(new MobileNetV2Backbone());
    register(new TinyBackbone());
    register(new ResNet50Backbone());
    register(new TinyResNetBackbone());
  }

  private Backbones() {}

  private static void register(Backbone b) {
    ALL.put(b.name(), b);
  }

  /** The backbone of that name; a one-line error listing the known names otherwise. */
  public static Backbone byName(String name) {
    Backbone b = ALL.get(name);
    if (b == null) {
      throw new UserInputException("unknown backbone '" + name + "'; expected one of " + String.join(", ", ALL.keySet()));
    }
    return b;
  }

  public static boolean known(String name) {
    return ALL.containsKey(name);
  }

  /**
   * MobileNetV2: the frozen preset's backbone and the speed benchmark's; {@code train}'s
   * fine-tuned default is {@code TrainPresets.DEFAULT_BACKBONE} (ResNet-50 and MobileNetV2 averaged).
   */
  public static String defaultName() {
    return MobileNetV2Backbone.NAME;
  }
}
