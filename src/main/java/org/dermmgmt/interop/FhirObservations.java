package org.dermmgmt.interop;

import java.util.Locale;
import java.util.Map;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.decide.Decision;
import org.dermmgmt.decide.QualityReport;
import org.dermmgmt.decide.Referral;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SimpleQuantity;

/** The Observations of a prediction bundle; each is preliminary and made by the model Device. */
final class FhirObservations {
  private final Reference subject;
  private final Reference device;
  private final org.hl7.fhir.r4.model.DateTimeType effective;

  FhirObservations(Reference subject, Reference device, java.time.Instant time) {
    this.subject = subject;
    this.device = device;
    this.effective = FhirCodes.dateTime(time);
  }

  private Observation base(String category, CodeableConcept code) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.PRELIMINARY);
    o.addCategory(FhirCodes.concept(FhirCodes.OBSERVATION_CATEGORY, category,
        category.equals("exam") ? "Exam" : "Procedure"));
    o.setCode(code);
    o.setSubject(subject.copy());
    o.setEffective(effective.copy());
    o.setDevice(device.copy());
    return o;
  }

  /** One criterion's predicted grouped label, e.g. PN = ATP. */
  Observation criterion(Criterion c, String label) {
    Observation o = base("exam", FhirCodes.concept(FhirCodes.SEVEN_POINT, c.name(), c.column()));
    o.setValue(FhirCodes.concept(FhirCodes.SEVEN_POINT_VALUE, label, label));
    return o;
  }

  /** The seven-point checklist score computed from the predicted criteria. */
  Observation sevenPointScore(int score) {
    Observation o = base("exam",
        FhirCodes.concept(FhirCodes.SEVEN_POINT, "7PT", "seven-point checklist score"));
    o.setValue(new IntegerType(score));
    return o;
  }

  /** The most probable diagnosis group, with every group's probability as a component. */
  Observation diagnosis(Map<DiagnosisGroup, Double> p, DiagnosisGroup top) {
    Observation o = base("exam",
        FhirCodes.concept(FhirCodes.DIAGNOSIS, "diagnosis-group", "predicted diagnosis group"));
    o.setValue(FhirCodes.concept(FhirCodes.DIAGNOSIS, top.name(), top.name()));
    p.forEach((g, v) -> o.addComponent()
        .setCode(FhirCodes.concept(FhirCodes.DIAGNOSIS, g.name(), g.name()))
        .setValue(FhirCodes.unitless(v)));
    return o;
  }

  /**
   * One image's quality-gate result: value pass/fail, one component per check with its value and
   * its limit as the reference range (low for at-least checks, high for at-most ones).
   */
  Observation quality(QualityReport r) {
    Observation o = base("procedure", FhirCodes.concept(FhirCodes.IMAGE_QUALITY,
        "image-quality", "image-quality gate: " + r.image() + " image"));
    o.setValue(FhirCodes.concept(FhirCodes.IMAGE_QUALITY, r.passed() ? "pass" : "fail",
        r.passed() ? "pass" : "fail"));
    for (QualityReport.Result x : r.results()) {
      Observation.ObservationComponentComponent c = o.addComponent()
          .setCode(FhirCodes.concept(FhirCodes.IMAGE_QUALITY, x.check().name(),
              x.check().measure()))
          .setValue(FhirCodes.unitless(x.value()));
      SimpleQuantity limit = new SimpleQuantity();
      limit.setValue(FhirCodes.unitless(x.threshold()).getValue()).setSystem(FhirCodes.UCUM)
          .setCode("1").setUnit("1");
      if (x.check().atLeast()) {
        c.addReferenceRange().setLow(limit);
      } else {
        c.addReferenceRange().setHigh(limit);
      }
      if (!x.passed()) {
        c.addInterpretation(FhirCodes.concept(
            "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
            x.check().atLeast() ? "L" : "H", x.check().atLeast() ? "Low" : "High"));
      }
    }
    return o;
  }

  /** REFER to a dermatologist: the reason as value, each finding as a component. */
  Observation referral(Decision d) {
    Referral r = d.referral();
    Observation o = base("exam", FhirCodes.concept(FhirCodes.DECISION, Decision.REFER,
        "refer to a dermatologist"));
    o.setValue(FhirCodes.concept(FhirCodes.DECISION, r.reason().name(),
        r.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
    for (Referral.Finding f : r.findings()) {
      String system = f.check().equals(Referral.CONFIDENCE) ? FhirCodes.DECISION
          : FhirCodes.IMAGE_QUALITY;
      o.addComponent()
          .setCode(FhirCodes.concept(system, f.check(),
              (f.image() == null ? "" : f.image() + " image ") + f.measure()))
          .setValue(FhirCodes.unitless(f.value()));
    }
    o.addNote(new Annotation().setText(r.describe()));
    return o;
  }
}
