package org.dermmgmt.train;

import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.backbone.Backbone;

/**
 * Where the parts of a mixed run find their pretrained weights: one weights folder holding each
 * backbone's files under their published names (as {@code --weights-dir} and
 * {@code $DERMMGMT_WEIGHTS_DIR} name one, and the download cache is one). The run records the
 * folder; every part resolves and verifies its own weights in it.
 */
public final class MixedWeights {
  private MixedWeights() {}

  /**
   * The folder holding every pretrained part's weights, each found (downloaded if need be) by the
   * usual order from {@code weightsDir}; null when no part is pretrained.
   */
  public static Path folder(List<TrainOptions> parts, Path weightsDir) {
    Path folder = null;
    for (TrainOptions part : parts) {
      Backbone backbone = part.fusionConfig().backboneImpl();
      if (!backbone.pretrained()) {
        continue;
      }
      Path parent = backbone.resolveWeights(null, weightsDir).toAbsolutePath().normalize().getParent();
      if (folder != null && !folder.equals(parent)) {
        throw new UserInputException("the weights of the mixed run's backbones were found in different folders ("
            + folder + ", " + parent + "): give --weights-dir DIR, a folder holding each one's");
      }
      folder = parent;
    }
    return folder;
  }

  /** A part's weights in {@code folder} (verified), or null for a backbone without pretrained weights. */
  public static Path of(TrainOptions part, Path folder) {
    Backbone backbone = part.fusionConfig().backboneImpl();
    return backbone.pretrained() ? backbone.resolveWeights(null, folder) : null;
  }
}
