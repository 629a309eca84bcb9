package org.dermmgmt.decide;

import java.util.List;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;

/**
 * A policy plus the two ways to REFER: a failed image-quality check (checked first: an unusable
 * image is referred, not guessed) and a calibrated maximum management probability below {@code
 * referBelow} (0 = never referred for confidence). Probabilities are the calibrated averaged ones.
 */
public record Decider(DecisionPolicy policy, double referBelow) {
  public Decider {
    if (!(referBelow >= 0 && referBelow <= 1)) {
      throw new IllegalArgumentException("referBelow must be in [0, 1], got " + referBelow);
    }
  }

  public static final String REFER_BELOW = "--refer-below";

  /** Parses {@code --refer-below P} (P in [0, 1], 0 = never refer for confidence). */
  public static double parseReferBelow(String text) {
    double v;
    try {
      v = Double.parseDouble(text.trim());
    } catch (NumberFormatException | NullPointerException e) {
      throw new UserInputException(REFER_BELOW + ": '" + text + "' is not a number");
    }
    if (!(v >= 0 && v <= 1)) {
      throw new UserInputException(REFER_BELOW + ": " + text
          + " is not a probability in [0, 1] (e.g. 0.6)");
    }
    return v;
  }

  /** The policy alone, without REFER. */
  public static Decider of(DecisionPolicy policy) {
    return new Decider(policy, 0);
  }

  public Decision decide(double[] pManagement) {
    return decide(pManagement, List.of());
  }

  /** Referral by the gate first, then by confidence, else the policy's decision. */
  public Decision decide(double[] pManagement, List<QualityReport> quality) {
    Management proposed = policy.decide(pManagement);
    double confidence = max(pManagement);
    Referral gate = Referral.qualityGate(quality);
    if (gate != null) {
      return Decision.refer(gate, proposed, confidence);
    }
    if (confidence < referBelow) {
      return Decision.refer(Referral.lowConfidence(confidence, referBelow), proposed, confidence);
    }
    return Decision.decided(proposed, confidence);
  }

  /** For a case whose images failed the gate before any prediction was made. */
  public static Decision referForQuality(List<QualityReport> quality) {
    Referral r = Referral.qualityGate(quality);
    if (r == null) {
      throw new IllegalArgumentException("every image passed the gate");
    }
    return Decision.refer(r, null, Double.NaN);
  }

  static double max(double[] p) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : p) {
      m = Math.max(m, v);
    }
    return m;
  }
}
