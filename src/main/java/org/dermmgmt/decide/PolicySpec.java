package org.dermmgmt.decide;

import java.util.List;
import java.util.Locale;
import org.dermmgmt.UserInputException;
import org.dermmgmt.eval.EvaluatedCase;

/**
 * A policy as asked for on the command line or in a service request, before fitting: {@code
 * --policy argmax|safety|thresholds}, {@code --min-malignant-excision S} (safety only, default
 * 0.95) and {@code --thresholds EXC=..,NONE=..} (thresholds only; given alone it implies {@code
 * --policy thresholds}). {@link #resolve} turns it into a {@link DecisionPolicy}; only safety
 * needs the fitting cases.
 *
 * @param name argmax, safety or thresholds
 * @param minMalignantExcision S for safety, else null
 * @param thresholds the thresholds for thresholds, else null
 */
public record PolicySpec(String name, Double minMalignantExcision, ThresholdPolicy thresholds) {
  public static final String POLICY = "--policy";
  public static final String THRESHOLDS = "--thresholds";
  public static final String MIN_MALIGNANT_EXCISION = "--min-malignant-excision";

  /**
   * Parses the three options (each may be null = not given). Returns null when none is given, so
   * the caller keeps the run's stored policy. Errors are one line naming the option and value.
   */
  public static PolicySpec parse(String policy, String thresholds, String minMalignantExcision) {
    if (policy == null && thresholds == null && minMalignantExcision == null) {
      return null;
    }
    String name = policy == null
        ? (thresholds != null ? ThresholdPolicy.NAME : SafetyPolicy.NAME)
        : policy.trim().toLowerCase(Locale.ROOT);
    switch (name) {
      case ArgmaxPolicy.NAME, SafetyPolicy.NAME, ThresholdPolicy.NAME -> { }
      default -> throw new UserInputException(POLICY + ": unknown policy '" + policy
          + "'; expected argmax, safety or thresholds");
    }
    if (thresholds != null && !name.equals(ThresholdPolicy.NAME)) {
      throw new UserInputException(THRESHOLDS + " " + thresholds + " only goes with "
          + POLICY + " thresholds, not " + POLICY + " " + name);
    }
    if (minMalignantExcision != null && !name.equals(SafetyPolicy.NAME)) {
      throw new UserInputException(MIN_MALIGNANT_EXCISION + " " + minMalignantExcision
          + " only goes with " + POLICY + " safety, not " + POLICY + " " + name);
    }
    return switch (name) {
      case ArgmaxPolicy.NAME -> new PolicySpec(name, null, null);
      case SafetyPolicy.NAME -> new PolicySpec(name, minMalignantExcision == null
          ? SafetyPolicy.DEFAULT_MIN_MALIGNANT_EXCISION
          : sensitivity(minMalignantExcision), null);
      default -> {
        if (thresholds == null) {
          throw new UserInputException(POLICY + " thresholds needs " + THRESHOLDS
              + " (e.g. EXC=0.3,NONE=0.6)");
        }
        yield new PolicySpec(name, null, ThresholdPolicy.parse(thresholds, THRESHOLDS));
      }
    };
  }

  private static double sensitivity(String text) {
    double s;
    try {
      s = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new UserInputException(MIN_MALIGNANT_EXCISION + ": '" + text + "' is not a number");
    }
    if (!(s > 0 && s <= 1)) {
      throw new UserInputException(MIN_MALIGNANT_EXCISION + ": " + text
          + " is not a fraction in (0, 1] (e.g. 0.95)");
    }
    return s;
  }

  /** Whether {@link #resolve} needs fitting cases. */
  public boolean needsFitting() {
    return name.equals(SafetyPolicy.NAME);
  }

  /**
   * The policy; for safety, fitted on {@code fittingCases} (the selection split's cases with the
   * probabilities the policy will see, calibrated or not), described by {@code fittedOn}.
   */
  public DecisionPolicy resolve(List<EvaluatedCase> fittingCases, String fittedOn) {
    return switch (name) {
      case ArgmaxPolicy.NAME -> new ArgmaxPolicy();
      case ThresholdPolicy.NAME -> thresholds;
      default -> SafetyPolicy.fit(fittingCases, minMalignantExcision, fittedOn);
    };
  }
}
