package org.dermmgmt.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dermmgmt.UserInputException;
import org.dermmgmt.model.backbone.Backbone;
import org.dermmgmt.model.backbone.weights.WeightsSpecs;
import org.dermmgmt.train.RunConfig;

/**
 * The backbone weights a resumed run continues with: the ones it recorded, found where it recorded
 * them, where {@code --weights} points or in {@code --weights-dir}, and refused when their sha256
 * differs from the record.
 */
final class RecordedWeights {
  private RecordedWeights() {}

  static Path of(RunConfig config, Path flag, Path weightsDir) {
    if (config.options().mixed()) {
      return mixedFolder(config, flag, weightsDir);
    }
    Backbone backbone = config.model().backboneImpl();
    if (!backbone.pretrained()) {
      return null;
    }
    Object recordedPath = config.provenance().get("backbone_weights");
    Object recordedSha = config.provenance().get("backbone_sha256");
    Path file = flag != null ? flag
        : weightsDir != null ? WeightsSpecs.of(backbone.name()).within(weightsDir)
        : recordedPath == null ? null : Path.of(String.valueOf(recordedPath));
    if (file == null || !Files.exists(file)) {
      throw new UserInputException("the run was trained from " + recordedPath + " (sha256 " + recordedSha
          + "), which is not " + (file != null && !file.equals(Path.of(String.valueOf(recordedPath))) ? "at " + file : "there now")
          + ": give --weights with that file or --weights-dir with the folder holding it");
    }
    String sha = backbone.weightsSha256(file);
    if (recordedSha != null && !recordedSha.equals(sha)) {
      throw new UserInputException((flag != null ? "--weights " : weightsDir != null ? "--weights-dir: " : "") + file + " has sha256 " + sha
          + " but the run was trained from sha256 " + recordedSha + ": resume with the same weights");
    }
    return file;
  }

  /** A mixed run's weights folder: --weights-dir, else the recorded one; each part checks its own files. */
  private static Path mixedFolder(RunConfig config, Path flag, Path weightsDir) {
    if (flag != null) {
      throw new UserInputException("--weights names one backbone's weights, but the run mixes "
          + config.options().backboneLabel() + ": give --weights-dir DIR");
    }
    Object recorded = config.provenance().get("backbone_weights");
    Path folder = weightsDir != null ? weightsDir : recorded == null ? null : Path.of(String.valueOf(recorded));
    if (folder != null && !Files.isDirectory(folder)) {
      throw new UserInputException("the run's weights folder " + folder + " is not there now: give --weights-dir with the folder holding "
          + config.options().backboneLabel() + "'s weights");
    }
    return folder;
  }
}
