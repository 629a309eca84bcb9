package org.dermmgmt.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.image.RgbImage;
import org.dermmgmt.decide.Decider;
import org.dermmgmt.decide.Decision;
import org.dermmgmt.decide.ModelIdentity;
import org.dermmgmt.decide.PredictionRecord;
import org.dermmgmt.decide.QualityGate;
import org.dermmgmt.decide.QualityReport;
import org.dermmgmt.decide.SafetyPolicy;
import org.dermmgmt.decide.TemperatureCalibration;
import org.dermmgmt.decide.TemperatureScaling;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.Test;

class FhirBundlesTest {
  static final Instant TIME = Instant.parse("2026-12-02T10:15:30.123Z");
  static final ModelIdentity MODEL = new ModelIdentity("multi", "ab12cd34", 
      Instant.parse("2026-12-01T08:00:00Z"), "multi", "0.1.0 (199874b)", "bf16");
  static final SafetyPolicy POLICY = new SafetyPolicy(0.95, 0.31, 58, 0.9655, "valid");
  static final TemperatureCalibration CAL = new TemperatureCalibration("valid",
      Map.of("management", new TemperatureScaling.Fit(1.4, 203, 0.8, 0.75)));

  static Map<Criterion, String> criteria() {
    Map<Criterion, String> c = new EnumMap<>(Criterion.class);
    String[] labels = {"ATP", "ABS", "IR", "PRS", "REG", "ABS", "ABS"};
    for (Criterion x : Criterion.ALL) {
      c.put(x, labels[x.ordinal()]);
    }
    return c;
  }

  static PredictionRecord multi(Decision d, List<QualityReport> quality) {
    return PredictionRecord.builder().setTime(TIME).setModel(MODEL).setPolicy(POLICY)
        .setDecision(d).optCaseId("case-17").optCalibration(CAL)
        .optManagement(new double[] {0.1, 0.55, 0.35})
        .optDiagnosis(new double[] {0.05, 0.3, 0.6, 0.03, 0.02})
        .optCriteria(criteria(), 5).optQuality(quality).build();
  }

  static <T extends Resource> List<T> all(Bundle b, Class<T> type) {
    return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance).map(type::cast).toList();
  }

  static String code(CodeableConcept c) {
    return c.getCodingFirstRep().getCode();
  }

  @Test
  void aDecidedCaseParsesBackWithEveryValue() {
    Decision d = Decider.of(POLICY).decide(new double[] {0.1, 0.55, 0.35});
    assertThat(d.label()).isEqualTo("EXC");
    String json = FhirBundles.json(multi(d, List.of()));
    Bundle b = FhirBundles.parse(json, "test");
    assertThat(b.getType()).isEqualTo(Bundle.BundleType.COLLECTION);

    RiskAssessment ra = all(b, RiskAssessment.class).get(0);
    assertThat(ra.getStatus()).isEqualTo(RiskAssessment.RiskAssessmentStatus.PRELIMINARY);
    assertThat(ra.getPrediction()).extracting(p -> code(p.getOutcome()))
        .containsExactly("NONE", "CLNC", "EXC");
    assertThat(ra.getPrediction()).extracting(p -> p.getProbabilityDecimalType().getValueAsNumber()
        .doubleValue()).containsExactly(0.1, 0.55, 0.35);
    assertThat(ra.getPrediction().get(2).getRationale()).contains("safety");
    assertThat(ra.getMitigation()).isEqualTo("Recommended management: EXC (excision)");
    assertThat(ra.getMethod().getCodingFirstRep().getCode()).isEqualTo("multi");
    assertThat(ra.getMethod().getText()).contains("ab12cd34").contains("policy safety");
    assertThat(ra.getNote()).extracting(n -> n.getText())
        .anySatisfy(t -> assertThat(t).startsWith("Decision policy: safety: EXC if P(EXC) >= 0.3100"))
        .anySatisfy(t -> assertThat(t).contains("management=1.4"));
    assertThat(ra.getSubject().getIdentifier().getValue()).isEqualTo("case-17");
    assertThat(ra.getOccurrenceDateTimeType().getValueAsString()).isEqualTo("2026-12-02T10:15:30.123Z");

    Device dev = all(b, Device.class).get(0);
    assertThat(ra.getPerformer().getReference()).isEqualTo(
        b.getEntry().stream().filter(e -> e.getResource() instanceof Device).findFirst()
            .orElseThrow().getFullUrl());
    assertThat(dev.getIdentifierFirstRep().getValue()).isEqualTo("multi");
    assertThat(dev.getVersion()).extracting(v -> v.getValue()).containsExactly("ab12cd34",
        "0.1.0 (199874b)");
    assertThat(dev.getProperty()).singleElement().satisfies(p -> {
      assertThat(p.getType().getText()).isEqualTo("inference-precision");
      assertThat(p.getValueCodeFirstRep().getText()).isEqualTo("bf16");
    });

    List<Observation> obs = all(b, Observation.class);
    assertThat(obs).hasSize(9); // 7 criteria, score, diagnosis
    assertThat(ra.getBasis()).hasSize(9);
    assertThat(dev.getIdentifierFirstRep().getSystem()).endsWith("NamingSystem/model-id");
    assertThat(obs).allMatch(o -> o.getStatus() == Observation.ObservationStatus.PRELIMINARY);
    Observation pn = obs.stream().filter(o -> code(o.getCode()).equals("PN")).findFirst().get();
    assertThat(code(pn.getValueCodeableConcept())).isEqualTo("ATP");
    Observation score = obs.stream().filter(o -> code(o.getCode()).equals("7PT")).findFirst().get();
    assertThat(((IntegerType) score.getValue()).getValue()).isEqualTo(5);
    Observation diag = obs.stream().filter(o -> code(o.getCode()).equals("diagnosis-group"))
        .findFirst().get();
    assertThat(code(diag.getValueCodeableConcept())).isEqualTo("MEL");
    assertThat(diag.getComponent()).hasSize(5);
    assertThat(diag.getComponent().get(2).getValueQuantity().getValue().doubleValue()).isEqualTo(0.6);
  }

  @Test
  void aReferredCaseCarriesTheGateResultAndTheReferral() {
    RgbImage grey = new RgbImage(100, 80, new byte[3 * 100 * 80]);
    QualityReport small = QualityGate.defaults().check("derm", grey);
    Decision d = Decider.of(POLICY).decide(new double[] {0.1, 0.55, 0.35}, List.of(small));
    Bundle b = FhirBundles.parse(FhirBundles.json(multi(d, List.of(small))), "test");
    RiskAssessment ra = all(b, RiskAssessment.class).get(0);
    assertThat(ra.getMitigation()).startsWith("REFER to a dermatologist: QUALITY_GATE: derm SIZE");
    List<Observation> obs = all(b, Observation.class);
    Observation gate = obs.stream().filter(o -> code(o.getCode()).equals("image-quality"))
        .findFirst().get();
    assertThat(code(gate.getValueCodeableConcept())).isEqualTo("fail");
    Observation.ObservationComponentComponent size = gate.getComponent().get(0);
    assertThat(code(size.getCode())).isEqualTo("SIZE");
    assertThat(size.getValueQuantity().getValue().doubleValue()).isEqualTo(80.0);
    assertThat(size.getReferenceRangeFirstRep().getLow().getValue().doubleValue()).isEqualTo(224.0);
    assertThat(code(size.getInterpretationFirstRep())).isEqualTo("L");
    Observation refer = obs.stream().filter(o -> code(o.getCode()).equals("REFER")).findFirst().get();
    assertThat(code(refer.getValueCodeableConcept())).isEqualTo("QUALITY_GATE");
    assertThat(refer.getComponent()).extracting(c -> code(c.getCode())).contains("SIZE", "DARK");
    // The gate result is what the assessment rests on; the referral is its outcome.
    assertThat(ra.getBasis()).extracting(x -> x.getReference())
        .contains(b.getEntry().stream().filter(e -> e.getResource() == gate).findFirst().get()
            .getFullUrl())
        .doesNotContain(b.getEntry().stream().filter(e -> e.getResource() == refer).findFirst()
            .get().getFullUrl());
  }

  @Test
  void aCaseReferredBeforePredictionHasNoPredictionsAndTheSameBundleTwice() {
    RgbImage grey = new RgbImage(100, 80, new byte[3 * 100 * 80]);
    QualityReport small = QualityGate.defaults().check("clinic", grey);
    PredictionRecord r = PredictionRecord.builder().setTime(TIME).setModel(MODEL)
        .setPolicy(POLICY).setDecision(Decider.referForQuality(List.of(small)))
        .optQuality(List.of(small)).build();
    String json = FhirBundles.json(r);
    assertThat(FhirBundles.json(r)).isEqualTo(json);
    RiskAssessment ra = all(FhirBundles.parse(json, "test"), RiskAssessment.class).get(0);
    assertThat(ra.getPrediction()).isEmpty();
    assertThat(ra.getSubject().getDisplay()).contains("no case id");
  }

  @Test
  void notABundleIsAOneLineError() {
    assertThatThrownBy(() -> FhirBundles.parse("{\"resourceType\":\"Patient\"}", "reply.json"))
        .isInstanceOf(UserInputException.class).hasMessageStartingWith("reply.json: not a FHIR R4 Bundle");
  }
}
