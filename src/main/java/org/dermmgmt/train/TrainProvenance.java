package org.dermmgmt.train;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dermmgmt.Provenance;
import org.dermmgmt.data.CaseSource;

/** Builds the provenance block of a run's config.json. */
public final class TrainProvenance {
  private TrainProvenance() {}

  /**
   * @param weights the backbone weights (file or folder), or null for a backbone without any
   * @param weightsSha256 their sha256 as the backbone computes it
   */
  public static Map<String, Object> of(CaseSource source, Path weights, String weightsSha256, long seed) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("created", Instant.now().toString());
    p.put("dermmgmt_version", Provenance.projectVersion());
    p.put("git_commit", Provenance.gitCommit());
    p.put("java", System.getProperty("java.version"));
    p.put("djl_engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    p.put("dataset_dir", source.describe());
    p.put("dataset_sha256", source.checksums());
    p.put("backbone_weights", weights == null ? null : weights.toAbsolutePath().toString());
    p.put("backbone_sha256", weightsSha256);
    p.put("seed", seed);
    // Implementation switches change the arithmetic (not the model): recorded so a run can be redone.
    Map<String, String> switches = new java.util.TreeMap<>();
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("dermmgmt."))
        .forEach(k -> switches.put(k, System.getProperty(k)));
    p.put("switches", switches);
    p.put("cores", Runtime.getRuntime().availableProcessors());
    return p;
  }
}
