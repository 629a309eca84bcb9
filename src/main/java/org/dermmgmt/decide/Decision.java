package org.dermmgmt.decide;

import java.util.Objects;
import org.dermmgmt.data.Management;

/**
 * The outcome for one case: a management decided automatically, or REFER to a dermatologist.
 *
 * @param management the decided management, or null when referred
 * @param proposed what the policy would have decided (the same as management when decided; for a
 *     referral the policy's choice on the probabilities, null when the case was referred before
 *     any prediction, e.g. by the quality gate)
 * @param referral why the case is referred, or null when decided
 * @param confidence the calibrated maximum management probability (NaN when not predicted)
 */
public record Decision(Management management, Management proposed, Referral referral,
    double confidence) {
  public static final String REFER = "REFER";

  public Decision {
    if ((management == null) == (referral == null)) {
      throw new IllegalArgumentException("a decision has either a management or a referral");
    }
    if (management != null && proposed != management) {
      throw new IllegalArgumentException("a decided case proposes what it decides");
    }
  }

  public static Decision decided(Management m, double confidence) {
    return new Decision(Objects.requireNonNull(m), m, null, confidence);
  }

  public static Decision refer(Referral r, Management proposed, double confidence) {
    return new Decision(null, proposed, Objects.requireNonNull(r), confidence);
  }

  public boolean referred() {
    return referral != null;
  }

  /** NONE, CLNC, EXC or REFER. */
  public String label() {
    return referred() ? REFER : management.name();
  }
}
