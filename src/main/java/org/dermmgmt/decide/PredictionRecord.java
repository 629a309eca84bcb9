package org.dermmgmt.decide;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dermmgmt.data.Criterion;
import org.dermmgmt.data.DiagnosisGroup;
import org.dermmgmt.data.Management;

/**
 * Everything said about one case, in plain values: what the FHIR bundle ({@code
 * org.dermmgmt.interop.FhirBundles}) and the audit log ({@link AuditLog}) are written from.
 * Built by {@link #builder()}; optional parts are null (diagnosis, criteria, score for models
 * without those heads) or empty (quality).
 *
 * @param caseId the case's id as the caller gave it, or null
 * @param management the (calibrated) management probabilities the decision was made on; null when
 *     the case was referred by the quality gate before any prediction
 * @param criteria grouped label per criterion, e.g. PN → "ATP"
 */
public record PredictionRecord(
    String caseId,
    Instant time,
    ModelIdentity model,
    DecisionPolicy policy,
    TemperatureCalibration calibration,
    Map<Management, Double> management,
    Decision decision,
    Map<DiagnosisGroup, Double> diagnosis,
    Map<Criterion, String> criteria,
    Integer sevenPointScore,
    List<QualityReport> quality) {

  public PredictionRecord {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(calibration, "calibration");
    Objects.requireNonNull(decision, "decision");
    management = management == null ? null : Collections.unmodifiableMap(new EnumMap<>(management));
    diagnosis = diagnosis == null ? null : Collections.unmodifiableMap(new EnumMap<>(diagnosis));
    criteria = criteria == null ? null : Collections.unmodifiableMap(new EnumMap<>(criteria));
    quality = quality == null ? List.of() : List.copyOf(quality);
  }

  /** Probabilities in Management order, as a map. */
  public static Map<Management, Double> managementMap(double[] p) {
    Map<Management, Double> m = new EnumMap<>(Management.class);
    for (Management x : Management.ALL) {
      m.put(x, p[x.ordinal()]);
    }
    return m;
  }

  /** Probabilities in DiagnosisGroup order, as a map. */
  public static Map<DiagnosisGroup, Double> diagnosisMap(double[] p) {
    Map<DiagnosisGroup, Double> m = new EnumMap<>(DiagnosisGroup.class);
    for (DiagnosisGroup x : DiagnosisGroup.ALL) {
      m.put(x, p[x.ordinal()]);
    }
    return m;
  }

  /** The most probable diagnosis group, or null without a diagnosis output. */
  public DiagnosisGroup predictedDiagnosis() {
    return diagnosis == null ? null
        : diagnosis.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Required: set{Time, Model, Policy, Decision}; the rest optional. */
  public static final class Builder {
    private String caseId;
    private Instant time;
    private ModelIdentity model;
    private DecisionPolicy policy;
    private TemperatureCalibration calibration = TemperatureCalibration.none();
    private Map<Management, Double> management;
    private Decision decision;
    private Map<DiagnosisGroup, Double> diagnosis;
    private Map<Criterion, String> criteria;
    private Integer sevenPointScore;
    private List<QualityReport> quality = List.of();

    private Builder() {}

    public Builder setTime(Instant time) {
      this.time = time;
      return this;
    }

    public Builder setModel(ModelIdentity model) {
      this.model = model;
      return this;
    }

    public Builder setPolicy(DecisionPolicy policy) {
      this.policy = policy;
      return this;
    }

    public Builder setDecision(Decision decision) {
      this.decision = decision;
      return this;
    }

    public Builder optCaseId(String caseId) {
      this.caseId = caseId;
      return this;
    }

    public Builder optCalibration(TemperatureCalibration calibration) {
      this.calibration = calibration;
      return this;
    }

    /** Management probabilities in Management order. */
    public Builder optManagement(double[] p) {
      this.management = p == null ? null : managementMap(p);
      return this;
    }

    /** Diagnosis probabilities in DiagnosisGroup order. */
    public Builder optDiagnosis(double[] p) {
      this.diagnosis = p == null ? null : diagnosisMap(p);
      return this;
    }

    public Builder optCriteria(Map<Criterion, String> criteria, Integer sevenPointScore) {
      this.criteria = criteria;
      this.sevenPointScore = sevenPointScore;
      return this;
    }

    public Builder optQuality(List<QualityReport> quality) {
      this.quality = quality;
      return this;
    }

    public PredictionRecord build() {
      return new PredictionRecord(caseId, time, model, policy, calibration, management, decision,
          diagnosis, criteria, sevenPointScore, quality);
    }
  }
}
