package org.dermmgmt.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.LesionCase;
import org.dermmgmt.data.MetadataEncoder;
import org.dermmgmt.model.CaseBatch;
import org.dermmgmt.model.Inputs;

/**
 * A case to predict that is not part of a release: image files and metadata as a user gives them.
 * A modality the model does not use may be absent; one it uses must be present.
 *
 * @param where for error messages: the file and row this case came from, or null
 */
public record NewCase(
    String id, Path clinic, Path derm, String sex, String location, String elevation, String where) {

  public NewCase(String id, Path clinic, Path derm, String sex, String location, String elevation) {
    this(id, clinic, derm, sex, location, elevation, null);
  }

  public NewCase at(Path file, long row) {
    return new NewCase(id, clinic, derm, sex, location, elevation, file + " row " + row);
  }

  public CasePredictionView predict(TrainedModel model, Inputs inputs) {
    String prefix = where == null ? "" : where + ": ";
    int size = model.config().model().imageSize();
    float[] c = inputs.clinic() ? image(model, clinic, "--clinic", "clinical image (C)", prefix, inputs) : null;
    float[] d = inputs.derm() ? image(model, derm, "--derm", "dermoscopic image (D)", prefix, inputs) : null;
    float[] m = null;
    if (inputs.meta()) {
      if (sex == null || location == null || elevation == null) {
        throw new UserInputException(
            prefix + "this model (inputs " + inputs + ") uses the metadata: give --sex, --location and --elevation");
      }
      try {
        m = MetadataEncoder.encode(sex, location, elevation);
      } catch (UserInputException e) {
        throw new UserInputException(prefix + e.getMessage(), e);
      }
    }
    LesionCase placeholder =
        new LesionCase(-1, -1, "", null, new int[7], 0, null, sex, location, elevation,
            String.valueOf(clinic), String.valueOf(derm));
    CaseBatch batch = new CaseBatch(List.of(placeholder), c, d, m, size);
    return CasePredictionView.of(id, model, model.predict(batch).get(0));
  }

  private static float[] image(
      TrainedModel model, Path file, String flag, String what, String prefix, Inputs inputs) {
    if (file == null) {
      throw new UserInputException(
          prefix + "this model (inputs " + inputs + ") uses the " + what + ": give " + flag
              + ", or use a model trained without it");
    }
    if (!Files.isRegularFile(file)) {
      throw new UserInputException(prefix + flag + " " + file + ": no such file");
    }
    return model.pipeline().eval(file);
  }
}
