package org.dermmgmt.interop;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Quantity;

/**
 * The code systems of our FHIR output and small constructors. There are no standard codes for
 * Derm7pt's management classes, diagnosis groups or seven-point labels, so they are local code
 * systems under {@link #BASE}: a placeholder namespace that a deployment replaces by one it owns.
 */
public final class FhirCodes {
  public static final String BASE = "https://dermmgmt.org/fhir/CodeSystem/";
  /** NONE, CLNC, EXC (Derm7pt's management). */
  public static final String MANAGEMENT = BASE + "management";
  /** REFER and the decision policies. */
  public static final String DECISION = BASE + "decision";
  /** The seven criteria (PN, STR, ...) and the score (7PT). */
  public static final String SEVEN_POINT = BASE + "seven-point-checklist";
  /** Grouped criterion labels (ABS, TYP, ATP, REG, IR, PRS). */
  public static final String SEVEN_POINT_VALUE = BASE + "seven-point-value";
  /** BCC, NEV, MEL, MISC, SK. */
  public static final String DIAGNOSIS = BASE + "diagnosis-group";
  /** Image-quality checks (SIZE, DARK, ...). */
  public static final String IMAGE_QUALITY = BASE + "image-quality";
  /** The model id of a {@code Device} and {@code RiskAssessment.method}. */
  public static final String MODEL = BASE + "model";
  /** The model id as a Device identifier. */
  public static final String MODEL_ID = "https://dermmgmt.org/fhir/NamingSystem/model-id";
  /** Case ids as the caller gives them (a logical subject when there is no Patient). */
  public static final String CASE_ID = "https://dermmgmt.org/fhir/NamingSystem/case-id";
  public static final String OBSERVATION_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/observation-category";
  public static final String UCUM = "http://unitsofmeasure.org";

  private FhirCodes() {}

  public static CodeableConcept concept(String system, String code, String display) {
    return new CodeableConcept(new Coding(system, code, display)).setText(display);
  }

  /** A probability as a decimal with 4 places (FHIR decimals keep their written precision). */
  public static BigDecimal probability(double p) {
    return BigDecimal.valueOf(p).setScale(4, RoundingMode.HALF_EVEN);
  }

  /** A dimensionless quantity (UCUM "1"), e.g. a probability or a fraction. */
  public static Quantity unitless(double v) {
    return new Quantity().setValue(BigDecimal.valueOf(v).round(new java.math.MathContext(6)))
        .setSystem(UCUM).setCode("1").setUnit("1");
  }

  /** A UTC dateTime with millisecond precision. */
  public static DateTimeType dateTime(Instant t) {
    DateTimeType d = new DateTimeType(Date.from(t), TemporalPrecisionEnum.MILLI,
        TimeZone.getTimeZone("UTC"));
    d.setTimeZoneZulu(true);
    return d;
  }
}
