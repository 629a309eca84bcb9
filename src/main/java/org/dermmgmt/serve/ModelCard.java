package org.dermmgmt.serve;

import java.util.List;
import java.util.Map;

/**
 * Identity and expectations of a loaded model, as {@code GET /api/v1/model} shows them (the web
 * page builds its form from this).
 *
 * @param name the run directory's name
 * @param configSha256 sha256 of the run's config.json bytes: two services answer alike only if
 *     these match
 * @param created when training started (config.json provenance), or null
 * @param inputs letters of the inputs the model uses (C, D, M)
 * @param precision the arithmetic of the backbone convolutions (fp32 or bf16)
 * @param labels class names per head: management, diagnosis and, for multi models, each criterion
 * @param metadata allowed values of sex, location and elevation
 * @param decision how the service turns probabilities into its recommendation
 */
public record ModelCard(
    String name,
    String configSha256,
    String created,
    String task,
    String inputs,
    int members,
    int imageSize,
    int borderCrop,
    boolean explainable,
    String precision,
    Map<String, List<String>> labels,
    Map<String, List<String>> metadata,
    Decisions decision) {

  /**
   * The decision layer the service applies, so a client knows what a recommendation means.
   *
   * @param policy argmax, safety or thresholds
   * @param rule the policy in one line (its thresholds and where they were fitted)
   * @param temperatures the calibration's temperature per head (empty: uncalibrated)
   * @param referBelow calibrated confidence under which a case is referred (0: never)
   * @param qualityGate each image-quality check's threshold (empty: the gate is off)
   */
  public record Decisions(String policy, String rule, Map<String, Double> temperatures, double referBelow,
      Map<String, Double> qualityGate) {}

  public boolean usesClinic() {
    return inputs.contains("C");
  }

  public boolean usesDerm() {
    return inputs.contains("D");
  }

  public boolean usesMeta() {
    return inputs.contains("M");
  }
}
