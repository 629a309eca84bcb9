package org.dermmgmt.serve;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dermmgmt.Provenance;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;
import org.dermmgmt.data.MetadataEncoder;
import org.dermmgmt.model.Task;
import org.dermmgmt.infer.DecisionLayer;
import org.dermmgmt.infer.RunDir;

/** Builds the {@link ModelCard} of a run directory from its config.json. */
final class ModelCards {
  private ModelCards() {}

  static ModelCard of(Path runDir, org.dermmgmt.infer.ModelCard config, int members, boolean explainable,
      String precision, DecisionLayer decisions) {
    Task task = config.model().task();
    Map<String, List<String>> labels = new LinkedHashMap<>();
    labels.put(Task.MANAGEMENT, names(Stream.of(Management.values())));
    if (task.predictsDiagnosis()) {
      labels.put(Task.DIAGNOSIS, names(Stream.of(DiagnosisGroup.values())));
    }
    if (task == Task.MULTI) {
      for (Criterion c : Criterion.values()) {
        labels.put(c.name(), c.labels());
      }
    }
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    if (config.model().inputs().meta()) {
      metadata.put("sex", config.model().metadata().sexes());
      metadata.put("location", config.model().metadata().locations());
      metadata.put("elevation", config.model().metadata().elevations());
    }
    Object created = config.provenance() == null ? null : config.provenance().get("created");
    Path abs = runDir.toAbsolutePath().normalize();
    return new ModelCard(
        abs.getFileName() == null ? abs.toString() : abs.getFileName().toString(),
        Provenance.sha256(new RunDir(runDir).config()),
        created == null ? null : created.toString(),
        task.cliName(),
        config.model().inputs().toString(),
        members,
        config.preprocessing().imageSize(),
        config.preprocessing().borderCrop(),
        explainable,
        precision,
        labels,
        metadata,
        decisions(decisions));
  }

  static ModelCard.Decisions decisions(DecisionLayer layer) {
    Map<String, Double> gate = new LinkedHashMap<>();
    if (layer.gate() != null) {
      layer.gate().thresholds().forEach((check, threshold) -> gate.put(check.name(), threshold));
    }
    return new ModelCard.Decisions(layer.decider().policy().name(), layer.decider().policy().describe(),
        layer.calibration().temperatures(), layer.decider().referBelow(), gate);
  }

  private static List<String> names(Stream<? extends Enum<?>> values) {
    return values.map(Enum::name).toList();
  }
}
