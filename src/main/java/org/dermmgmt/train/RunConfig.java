package org.dermmgmt.train;

import org.dermmgmt.data.MetadataVocabulary;
import java.util.List;
import java.util.Map;
import org.dermmgmt.infer.InferenceSpec;
import org.dermmgmt.infer.ModelCard;
import org.dermmgmt.infer.ViewKeying;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.Preprocessing;

/**
 * The config.json of a run: the options, the architecture and preprocessing needed to rebuild the
 * model, how it is applied (inference) and how its epochs were scored (selection), the head
 * warm-up's settings, and its provenance (dataset checksums, backbone weights checksum, seed,
 * versions). Inference reads the same file through {@link ModelCard}, which also reads format 1.
 */
public record RunConfig(
    String format,
    TrainOptions options,
    FusionConfig model,
    Preprocessing preprocessing,
    InferenceSpec inference,
    InferenceSpec selection,
    HeadWarmup headWarmup,
    Map<String, Object> provenance,
    List<Integer> trainCases,
    List<Integer> selectCases,
    InitFrom initFrom) {
  public static final String FORMAT = ModelCard.FORMAT_2;

  /**
   * Format 1 recorded none of inference, selection and warm-up: they are what its code did
   * (test-time views keyed by case number; the warm-up's fixed settings).
   */
  public RunConfig {
    if (inference == null) {
      inference = new InferenceSpec(options.tta(), InferenceSpec.VIEW_SEED, ViewKeying.CASE_NUMBER,
          InferenceSpec.DEFAULT_BATCH);
    }
    if (selection == null) {
      selection = options.selectionSpec();
    }
    if (headWarmup == null) {
      headWarmup = options.freezeBackbone() ? new HeadWarmup(0, 0, 0f) : options.headWarmupSettings();
    }
  }

  /**
   * The trained run a new run's weights start from ({@code train --init-from}); null: the
   * backbone's pretrained weights and a seeded initialisation of the rest.
   */
  public record InitFrom(String run, String configSha256) {}

  /** The heads' training on frozen features before fine-tuning (epochs 0: none). */
  public record HeadWarmup(int epochs, int batchSize, float learningRate) {}

  /** A new run's config from its options. */
  public static RunConfig of(
      TrainOptions o, MetadataVocabulary metadata, Map<String, Object> provenance, List<Integer> trainCases,
      List<Integer> selectCases) {
    return new RunConfig(FORMAT, o, o.fusionConfig().withMetadata(metadata), o.preprocessing(), o.inferenceSpec(),
        o.selectionSpec(), o.freezeBackbone() ? new HeadWarmup(0, 0, 0f) : o.headWarmupSettings(),
        provenance, trainCases, selectCases, null);
  }

  public RunConfig withInitFrom(InitFrom from) {
    return new RunConfig(format, options, model, preprocessing, inference, selection, headWarmup, provenance,
        trainCases, selectCases, from);
  }

  public RunConfig withOptions(TrainOptions o, Map<String, Object> provenance) {
    return new RunConfig(format, o, model, preprocessing, inference, selection, headWarmup, provenance,
        trainCases, selectCases, initFrom);
  }
}
