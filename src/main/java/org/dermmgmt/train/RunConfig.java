package org.dermmgmt.train;

import java.util.List;
import java.util.Map;
import org.dermmgmt.model.FusionConfig;
import org.dermmgmt.model.Preprocessing;

/**
 * The config.json of a run: the options, the architecture and preprocessing needed to rebuild the
 * model, and its provenance (dataset checksums, backbone weights checksum, seed, versions).
 */
public record RunConfig(
    String format,
    TrainOptions options,
    FusionConfig model,
    Preprocessing preprocessing,
    Map<String, Object> provenance,
    List<Integer> trainCases,
    List<Integer> selectCases) {
  public static final String FORMAT = "dermmgmt-run/1";
}
