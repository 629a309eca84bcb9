package org.dermmgmt.infer;

import java.util.ArrayList;
import java.util.List;
import org.dermmgmt.data.image.ImageDecoder;
import org.dermmgmt.data.image.RgbImage;
import org.dermmgmt.decide.Decider;
import org.dermmgmt.decide.PredictionRecord;
import org.dermmgmt.decide.QualityGate;
import org.dermmgmt.decide.QualityReport;
import org.dermmgmt.decide.TemperatureCalibration;

/**
 * How predictions become decisions, the same for {@code predict}, the service and Spark scoring:
 * the calibration applied to the averaged probabilities, the policy with its REFER threshold, and
 * the image-quality gate (null: off) whose failure refers a case instead of deciding it.
 */
public record DecisionLayer(TemperatureCalibration calibration, Decider decider, QualityGate gate) {
  public DecisionLayer {
    if (calibration == null || decider == null) {
      throw new IllegalArgumentException("calibration and decider are required");
    }
  }

  /** The run as stored: its calibration, its policy, no confidence referral, the gate on. */
  public static DecisionLayer stored(TrainedModel model) {
    return new DecisionLayer(model.calibration(), Decider.of(model.policy()), gateFor(model));
  }

  /** The default gate for a model: the measured thresholds, SIZE at the model's input side. */
  public static QualityGate gateFor(TrainedModel model) {
    return QualityGate.forInputSide(model.card().model().imageSize());
  }

  /** The same layer without the quality gate. */
  public DecisionLayer withoutGate() {
    return new DecisionLayer(calibration, decider, null);
  }

  /**
   * The gate's reports for a case's images, named "clinic" and "derm" (empty when the gate is
   * off). Images are decoded again, whole, because the gate's thresholds were measured on whole
   * images, not on the inference pipeline's cropped and downscaled copy; a case has been
   * predicted before it is checked, so its images are known to decode.
   */
  public List<QualityReport> quality(CaseInput c) {
    List<QualityReport> out = new ArrayList<>();
    if (gate != null) {
      check("clinic", c.clinic(), out);
      check("derm", c.derm(), out);
    }
    return out;
  }

  /** The gate's reports for images already decoded (the service decodes uploads once, on arrival). */
  public List<QualityReport> quality(RgbImage clinic, RgbImage derm) {
    List<QualityReport> out = new ArrayList<>();
    if (gate != null) {
      if (clinic != null) {
        out.add(gate.check("clinic", clinic));
      }
      if (derm != null) {
        out.add(gate.check("derm", derm));
      }
    }
    return out;
  }

  private void check(String role, ImageInput image, List<QualityReport> out) {
    RgbImage decoded;
    if (image instanceof ImageInput.File f) {
      decoded = ImageDecoder.decode(f.path());
    } else if (image instanceof ImageInput.Bytes b) {
      decoded = ImageDecoder.decode(b.encoded(), b.name());
    } else if (image instanceof ImageInput.Decoded d) {
      decoded = d.image();
    } else {
      return;
    }
    out.add(gate.check(role, decoded));
  }

  /** What the user sees of one prediction, decided with this layer. */
  public PredictionView view(String id, TrainedModel model, Prediction p, List<QualityReport> quality) {
    return PredictionView.of(id, model, p, calibration, decider, quality);
  }

  /** The plain record (FHIR, audit) of one prediction, decided with this layer. */
  public PredictionRecord record(CaseInput in, TrainedModel model, Prediction p, PredictionView view,
      List<QualityReport> quality) {
    return PredictionRecords.record(in, model, p, calibration, decider, view, quality);
  }
}
