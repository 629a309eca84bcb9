package org.dermmgmt.interop;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;
import org.dermmgmt.decide.Decision;
import org.dermmgmt.decide.ModelIdentity;
import org.dermmgmt.decide.PredictionRecord;
import org.dermmgmt.decide.QualityReport;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * A prediction as a FHIR R4 {@code Bundle} (type collection): the model as a {@code Device}, a
 * preliminary {@code RiskAssessment} with one prediction per management outcome (its calibrated
 * probability), the recommendation in {@code mitigation}, the model in {@code method} and {@code
 * performer} and the policy in a note; and {@code Observation}s for the seven criteria, the
 * seven-point score, the diagnosis, each image's quality-gate result and the REFER outcome when
 * there are such. Entries are linked by {@code urn:uuid} full URLs derived from the case, time and
 * model, so the same record gives the same bundle. The subject is the caller's case id as a
 * logical reference (no Patient resource: dermmgmt never sees one) unless a reference is given.
 */
public final class FhirBundles {
  private FhirBundles() {}

  /** HAPI's R4 context: expensive to build, thread-safe, shared. */
  public static FhirContext context() {
    return FhirContext.forR4Cached();
  }

  public static Bundle bundle(PredictionRecord r) {
    return bundle(r, null);
  }

  /** @param subjectReference e.g. "Patient/123" from the caller, or null for the case id */
  public static Bundle bundle(PredictionRecord r, String subjectReference) {
    String seed = r.caseId() + "|" + r.time() + "|" + r.model().id() + "|" + r.model().configHash();
    Bundle b = new Bundle();
    b.setId(uuid(seed, "bundle").getIdPart());
    b.setType(Bundle.BundleType.COLLECTION);
    b.setTimestamp(Date.from(r.time()));
    b.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
        .setValue(uuid(seed, "bundle").getValue()));

    Device device = device(r.model());
    device.setIdElement(uuid(seed, "device"));
    Reference deviceRef = new Reference(device.getIdElement().getValue())
        .setDisplay("dermmgmt model " + r.model().id());
    Reference subject = subjectReference != null ? new Reference(subjectReference)
        : r.caseId() == null ? new Reference().setDisplay("lesion (no case id given)")
        : new Reference().setIdentifier(new Identifier().setSystem(FhirCodes.CASE_ID)
            .setValue(r.caseId())).setDisplay("case " + r.caseId());

    FhirObservations obs = new FhirObservations(subject, deviceRef, r.time());
    List<Observation> observations = new ArrayList<>();
    if (r.criteria() != null) {
      r.criteria().forEach((c, label) -> observations.add(obs.criterion(c, label)));
    }
    if (r.sevenPointScore() != null) {
      observations.add(obs.sevenPointScore(r.sevenPointScore()));
    }
    if (r.diagnosis() != null) {
      observations.add(obs.diagnosis(r.diagnosis(), r.predictedDiagnosis()));
    }
    for (QualityReport q : r.quality()) {
      observations.add(obs.quality(q));
    }
    // What the assessment rests on; the REFER observation is an outcome, not a basis.
    List<Observation> basis = List.copyOf(observations);
    if (r.decision().referred()) {
      observations.add(obs.referral(r.decision()));
    }
    for (int i = 0; i < observations.size(); i++) {
      observations.get(i).setIdElement(uuid(seed, "observation-" + i));
    }

    RiskAssessment ra = riskAssessment(r, subject, deviceRef, basis);
    ra.setIdElement(uuid(seed, "risk-assessment"));
    add(b, ra);
    add(b, device);
    observations.forEach(o -> add(b, o));
    return b;
  }

  private static RiskAssessment riskAssessment(PredictionRecord r, Reference subject,
      Reference device, List<Observation> basis) {
    RiskAssessment ra = new RiskAssessment();
    ra.setStatus(RiskAssessment.RiskAssessmentStatus.PRELIMINARY);
    ra.setCode(FhirCodes.concept(FhirCodes.MANAGEMENT, "management",
        "clinical management of a skin lesion (NONE / CLNC / EXC)"));
    ra.setSubject(subject.copy());
    ra.setOccurrence(FhirCodes.dateTime(r.time()));
    ModelIdentity m = r.model();
    CodeableConcept method = FhirCodes.concept(FhirCodes.MODEL, m.id(), "dermmgmt " + m.id());
    method.setText("dermmgmt model " + m.id() + (m.task() == null ? "" : " (task " + m.task() + ")")
        + ", config sha256 " + m.configHash() + ", policy " + r.policy().name());
    ra.setMethod(method);
    ra.setPerformer(device.copy());
    basis.forEach(o -> ra.addBasis(new Reference(o.getIdElement().getValue())));
    Decision d = r.decision();
    if (r.management() != null) {
      for (Management x : Management.ALL) {
        RiskAssessment.RiskAssessmentPredictionComponent p = ra.addPrediction()
            .setOutcome(FhirCodes.concept(FhirCodes.MANAGEMENT, x.name(), x.raw()))
            .setProbability(new DecimalType(FhirCodes.probability(r.management().get(x))));
        if (x == d.proposed()) {
          p.setRationale(d.referred() ? "the policy's choice, not applied: case referred"
              : "recommended by the " + r.policy().name() + " policy");
        }
      }
    }
    ra.setMitigation(d.referred()
        ? "REFER to a dermatologist: " + d.referral().describe()
        : "Recommended management: " + d.management().name() + " (" + d.management().raw() + ")");
    ra.addNote(new Annotation().setText("Decision policy: " + r.policy().describe()));
    ra.addNote(new Annotation().setText(r.calibration().isNone() ? "Probabilities uncalibrated"
        : "Probabilities calibrated by temperature scaling " + r.calibration().temperatures()
            + " fitted on " + r.calibration().fittedOn()));
    return ra;
  }

  private static Device device(ModelIdentity m) {
    Device d = new Device();
    d.setStatus(Device.FHIRDeviceStatus.ACTIVE);
    d.addIdentifier().setSystem(FhirCodes.MODEL_ID).setValue(m.id());
    d.addDeviceName().setName("dermmgmt " + m.id()).setType(Device.DeviceNameType.MODELNAME);
    d.setType(new CodeableConcept().setText(
        "software: skin lesion management recommendation model (research use)"));
    d.addVersion().setType(new CodeableConcept().setText("config-sha256"))
        .setValue(m.configHash());
    if (m.software() != null) {
      d.addVersion().setType(new CodeableConcept().setText("software")).setValue(m.software());
    }
    if (m.precision() != null) {
      // bf16 and fp32 probabilities differ in the third decimal: the record says which made these.
      d.addProperty().setType(new CodeableConcept().setText("inference-precision"))
          .addValueCode(new CodeableConcept().setText(m.precision()));
    }
    if (m.created() != null) {
      d.setManufactureDate(Date.from(m.created()));
    }
    d.addNote(new Annotation().setText("Research software, not a certified medical device."));
    return d;
  }

  private static void add(Bundle b, Resource r) {
    b.addEntry().setFullUrl(r.getIdElement().getValue()).setResource(r);
  }

  private static IdType uuid(String seed, String part) {
    UUID u = UUID.nameUUIDFromBytes((seed + "|" + part).getBytes(StandardCharsets.UTF_8));
    return new IdType("urn:uuid:" + u);
  }

  /** The bundle as (pretty) FHIR JSON. */
  public static String json(PredictionRecord r) {
    return context().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle(r));
  }

  /** Parses FHIR JSON back to a Bundle; a one-line error naming {@code source} if it is not one. */
  public static Bundle parse(String json, String source) {
    try {
      return context().newJsonParser().parseResource(Bundle.class, json);
    } catch (DataFormatException e) {
      throw new UserInputException(source + ": not a FHIR R4 Bundle: "
          + e.getMessage().lines().findFirst().orElse("").toLowerCase(Locale.ROOT));
    }
  }
}
