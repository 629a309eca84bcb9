package org.dermmgmt.train;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dermmgmt.Provenance;
import org.dermmgmt.data.Derm7ptRelease;

/** Builds the provenance block of a run's config.json. */
public final class TrainProvenance {
  private TrainProvenance() {}

  public static Map<String, Object> of(Derm7ptRelease release, Path weights, long seed) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("created", Instant.now().toString());
    p.put("dermmgmt_version", Provenance.projectVersion());
    p.put("git_commit", Provenance.gitCommit());
    p.put("java", System.getProperty("java.version"));
    p.put("djl_engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
    p.put("dataset_dir", release.root().toAbsolutePath().toString());
    p.put("dataset_sha256", release.csvSha256());
    p.put("backbone_weights", weights == null ? null : weights.toAbsolutePath().toString());
    p.put("backbone_sha256", weights == null ? null : Provenance.sha256(weights));
    p.put("seed", seed);
    p.put("cores", Runtime.getRuntime().availableProcessors());
    return p;
  }
}
