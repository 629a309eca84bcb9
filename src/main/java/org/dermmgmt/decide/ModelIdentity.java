package org.dermmgmt.decide;

import java.time.Instant;
import java.util.Objects;

/**
 * Which model made a prediction, as the audit log and FHIR {@code Device} name it.
 *
 * @param id the model's name, e.g. the run directory's name ("multi")
 * @param configHash sha256 of the run's config.json: what exactly was trained
 * @param created when the run was trained (config.json's time), or null
 * @param task diag, mgmt or multi
 * @param software dermmgmt version and git commit, e.g. "0.1.0 (abc1234)"
 * @param precision the arithmetic of the backbone convolutions that made the prediction (fp32 or
 *     bf16; bf16 moves probabilities in the third decimal), or null where unknown
 */
public record ModelIdentity(String id, String configHash, Instant created, String task,
    String software, String precision) {
  public ModelIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(configHash, "configHash");
  }
}
