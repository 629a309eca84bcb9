package org.dermmgmt.model.backbone;

import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.data.image.Normalization;
import org.dermmgmt.model.FusionConfig;

/**
 * An image stream of the fusion network: turns a normalised (N, 3, S, S) batch into pooled
 * features (N, {@link #featureSize}). A backbone knows its preprocessing, its pretrained weights
 * (files, checksums, importer) and which of its stages can be frozen, so that nothing outside its
 * implementation needs to know which network it is.
 */
public interface Backbone {
  /** The registry name, as written in config.json and given to {@code --backbone}. */
  String name();

  /** Whether its weights come from an ImageNet-pretrained file (false: random initialisation). */
  boolean pretrained();

  /** A new, uninitialised stream block for the given architecture. */
  Block newStream(FusionConfig config);

  /** Length of the pooled feature vector a stream returns. */
  int featureSize(FusionConfig config);

  /** Input normalisation the pretrained weights expect. */
  Normalization normalization();

  /** Side of the square input the weights were trained at. */
  int nativeInputSize();

  /** Stage names, input side first, that {@code --freeze-stages K} freezes the first K of. */
  List<String> stages();

  /**
   * Finds and verifies the weights: {@code weightsFlag} (--weights: this backbone's file or
   * folder), else {@code weightsDir} (--weights-dir: a folder holding each backbone's files under
   * their published names), else the environment, the cache, a pinned download. Either may be
   * null. Null for a backbone that is not pretrained.
   */
  Path resolveWeights(Path weightsFlag, Path weightsDir);

  /**
   * sha256 of the weights at {@code weights} (as {@link #resolveWeights} verified them), for
   * provenance and cache keys; null when not pretrained. A path that does not hold this
   * backbone's pinned weights is a {@link org.dermmgmt.UserInputException}.
   */
  String weightsSha256(Path weights);

  /** Loads the pretrained weights into a stream made by {@link #newStream}. */
  void importWeights(Block stream, Path weights);

  /** Whether {@link #freezeStages} is supported (false: {@code --freeze-stages} is refused). */
  default boolean freezableStages() {
    return false;
  }

  /**
   * Freezes the first {@code count} of {@link #stages()} of a stream made by {@link #newStream}
   * (no gradient, running batch-norm statistics), after its weights were imported.
   */
  default void freezeStages(Block stream, int count) {
    throw new org.dermmgmt.UserInputException(
        "--freeze-stages: backbone '" + name() + "' has no freezable stages; use --freeze-backbone or resnet50");
  }

  /**
   * Identifies the features a stream computes, for the feature cache: what the weights are (their
   * sha256, or for a random stream its seed and index) and the pixels it sees.
   */
  default String featureFingerprint(String weightsSha256, long seed, int stream, String preprocessing) {
    String weights =
        pretrained()
            ? String.valueOf(weightsSha256).substring(0, Math.min(12, String.valueOf(weightsSha256).length()))
            : "seed" + seed + "-stream" + stream;
    return name() + "-" + weights + "-p" + preprocessing;
  }
}
