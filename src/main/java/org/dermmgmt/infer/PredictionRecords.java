package org.dermmgmt.infer;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.Provenance;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.decide.AuditEntry;
import org.dermmgmt.decide.Decider;
import org.dermmgmt.decide.ImageDigest;
import org.dermmgmt.decide.ModelIdentity;
import org.dermmgmt.decide.PredictionRecord;
import org.dermmgmt.decide.QualityReport;
import org.dermmgmt.decide.TemperatureCalibration;

/**
 * The decision layer's plain record of one prediction (for {@code --format fhir} and {@code
 * --audit-log}, the service's {@code ?format=fhir}), built from the same calibrated outputs and
 * decision as the printed view.
 */
public final class PredictionRecords {
  private PredictionRecords() {}

  public static ModelIdentity identity(TrainedModel m) {
    Instant created;
    try {
      created = m.card().created().isEmpty() ? null : Instant.parse(m.card().created());
    } catch (DateTimeParseException e) {
      created = null; // an old run's free-form date: the identity still names the model
    }
    return new ModelIdentity(m.root().toAbsolutePath().normalize().getFileName().toString(),
        m.card().configSha256(), created, m.task().cliName(),
        Provenance.projectVersion() + " (" + Provenance.gitCommit() + ")", m.precision().label());
  }

  public static PredictionRecord record(CaseInput in, TrainedModel m, Prediction p, TemperatureCalibration cal,
      Decider decider, PredictionView view) {
    return record(in, m, p, cal, decider, view, List.of());
  }

  /** With the image-quality gate's reports (they refer the case when an image failed). */
  public static PredictionRecord record(CaseInput in, TrainedModel m, Prediction p, TemperatureCalibration cal,
      Decider decider, PredictionView view, List<QualityReport> quality) {
    TrainedModel.Outputs o = m.outputs(p, cal);
    Map<Criterion, String> criteria = null;
    if (view.criteria() != null) {
      criteria = new EnumMap<>(Criterion.class);
      for (Map.Entry<String, String> e : view.criteria().entrySet()) {
        criteria.put(Criterion.valueOf(e.getKey()), e.getValue());
      }
    }
    PredictionRecord.Builder b = PredictionRecord.builder()
        .setTime(Instant.now())
        .setModel(identity(m))
        .setPolicy(decider.policy())
        .setDecision(decider.decide(o.management(), quality))
        .optQuality(quality)
        .optCaseId(in.id())
        .optCalibration(cal)
        .optManagement(o.management())
        .optCriteria(criteria, view.sevenPointScore());
    if (o.diagnosis() != null) {
      b.optDiagnosis(o.diagnosis());
    }
    return b.build();
  }

  /** The audit line: the record, the images' sha256 (never their bytes) and the metadata as given. */
  public static AuditEntry audit(CaseInput in, PredictionRecord r) {
    List<ImageDigest> images = new ArrayList<>();
    digest("clinic", in.clinic(), images);
    digest("derm", in.derm(), images);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("sex", in.sex());
    meta.put("location", in.location());
    meta.put("elevation", in.elevation());
    return new AuditEntry(r, images, meta);
  }

  private static void digest(String role, ImageInput image, List<ImageDigest> out) {
    if (image instanceof ImageInput.File f) {
      out.add(ImageDigest.of(role, f.path()));
    } else if (image instanceof ImageInput.Bytes b) {
      out.add(ImageDigest.of(role, b.encoded()));
    } else if (image instanceof ImageInput.Decoded d) {
      out.add(ImageDigest.of(role, d.encoded()));
    }
  }
}
