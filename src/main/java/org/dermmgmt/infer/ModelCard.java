package org.dermmgmt.infer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dermmgmt.Provenance;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.Preprocessing;

/**
 * What inference needs to know of a run, read from its config.json by a reader keyed on the
 * format version: the architecture, the preprocessing, how the model is applied, how many
 * ensemble members it has, and its provenance. Format 1 had no inference record: its runs were
 * evaluated with their {@code --tta} views keyed by case number, and read back so.
 *
 * @param configSha256 sha256 of the config.json bytes: the model's identity in answers and logs
 * @param parts how many backbones' models a mixed run averages (in part-1 ..), 0 for any other
 *     run; the architecture, preprocessing and inference of a mixed run's card are its first part's
 * @param frozenBackbone whether the streams were never trained (frozen-backbone mode): they hold the
 *     backbone's published weights, as every other frozen run on that backbone does
 */
public record ModelCard(
    String format,
    FusionConfig model,
    Preprocessing preprocessing,
    InferenceSpec inference,
    int ensemble,
    Map<String, Object> provenance,
    String configSha256,
    int parts,
    boolean frozenBackbone) {

  public static final String FORMAT_1 = "dermmgmt-run/1";
  public static final String FORMAT_2 = "dermmgmt-run/2";

  public static ModelCard read(RunDir run) {
    if (!Files.isRegularFile(run.config())) {
      throw new UserInputException(run.root() + " is not a run directory: no config.json");
    }
    try {
      JsonNode root = RunDir.JSON.readTree(run.config().toFile());
      String format = root.path("format").asText("");
      FusionConfig model = RunDir.JSON.treeToValue(root.get("model"), FusionConfig.class);
      Preprocessing prep = RunDir.JSON.treeToValue(root.get("preprocessing"), Preprocessing.class);
      JsonNode options = root.path("options");
      int ensemble = Math.max(1, options.path("ensemble").asInt(1));
      InferenceSpec spec =
          switch (format) {
            case FORMAT_1 -> new InferenceSpec(
                options.path("tta").asInt(0), InferenceSpec.VIEW_SEED, ViewKeying.CASE_NUMBER,
                InferenceSpec.DEFAULT_BATCH);
            case FORMAT_2 -> RunDir.JSON.treeToValue(root.get("inference"), InferenceSpec.class);
            default -> throw new UserInputException(run.config() + ": unknown run format '" + format
                + "'; this dermmgmt reads " + FORMAT_1 + " and " + FORMAT_2);
          };
      @SuppressWarnings("unchecked")
      Map<String, Object> provenance =
          root.has("provenance") ? RunDir.JSON.treeToValue(root.get("provenance"), LinkedHashMap.class) : Map.of();
      int parts = options.path("parts").size();
      return new ModelCard(format, model, prep, spec, ensemble, provenance, Provenance.sha256(run.config()), parts,
          options.path("freezeBackbone").asBoolean(false));
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException("cannot read " + run.config() + ": " + e.getMessage(), e);
    }
  }

  /** Whether the run averages the models of several backbones, each in its own part directory. */
  public boolean mixed() {
    return parts > 1;
  }

  /** When the run was made, as recorded. */
  public String created() {
    return String.valueOf(provenance.getOrDefault("created", ""));
  }
}
