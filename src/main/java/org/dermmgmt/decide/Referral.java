package org.dermmgmt.decide;

import java.util.List;
import java.util.Locale;

/**
 * Why a case goes to a dermatologist instead of being decided automatically.
 *
 * @param reason low confidence or a failed image check
 * @param findings what was measured: for LOW_CONFIDENCE one finding on the calibrated maximum
 *     probability; for QUALITY_GATE every failed check of every image
 */
public record Referral(Reason reason, List<Finding> findings) {
  public enum Reason {
    /** The calibrated maximum management probability is below the referral threshold. */
    LOW_CONFIDENCE,
    /** An input image failed the {@link QualityGate}. */
    QUALITY_GATE
  }

  /**
   * One measured value against its threshold.
   *
   * @param image which input ("clinic", "derm"), or null for the confidence
   * @param check the check's name, e.g. "BLUR" or "CONFIDENCE"
   * @param measure the measured quantity, e.g. "laplacian_variance"
   */
  public record Finding(String image, String check, String measure, double value,
      double threshold) {
    public String describe() {
      return (image == null ? "" : image + " ") + check + ": " + measure + " "
          + String.format(Locale.ROOT, "%.4g", value) + (failsBelow() ? " < " : " > ")
          + String.format(Locale.ROOT, "%.4g", threshold);
    }

    /** Whether the value failed by being too low (confidence, size, ...) rather than too high. */
    private boolean failsBelow() {
      if (check.equals(CONFIDENCE)) {
        return true;
      }
      try {
        return QualityCheck.valueOf(check).atLeast();
      } catch (IllegalArgumentException e) {
        return value < threshold;
      }
    }
  }

  public static final String CONFIDENCE = "CONFIDENCE";

  public Referral {
    findings = List.copyOf(findings);
  }

  public static Referral lowConfidence(double confidence, double threshold) {
    return new Referral(Reason.LOW_CONFIDENCE, List.of(
        new Finding(null, CONFIDENCE, "max_calibrated_probability", confidence, threshold)));
  }

  /** From the reports of the case's images; null when every image passed. */
  public static Referral qualityGate(List<QualityReport> reports) {
    List<Finding> f = reports.stream()
        .flatMap(r -> r.failures().stream().map(x -> new Finding(r.image(), x.check().name(),
            x.check().measure(), x.value(), x.threshold())))
        .toList();
    return f.isEmpty() ? null : new Referral(Reason.QUALITY_GATE, f);
  }

  /** E.g. "QUALITY_GATE: derm BLUR: laplacian_variance 3.1 < 20". */
  public String describe() {
    return reason + ": " + String.join("; ", findings.stream().map(Finding::describe).toList());
  }
}
