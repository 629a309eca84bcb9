package org.dermmgmt.decide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;

/**
 * How management probabilities become a management decision. Policies work on the (calibrated)
 * averaged probabilities in {@link Management} order and are stored with a run as {@value #FILE};
 * a policy fitted on calibrated probabilities must be applied to calibrated probabilities.
 * Referral (REFER) is decided around the policy, by {@link Decider}.
 */
public sealed interface DecisionPolicy permits ArgmaxPolicy, SafetyPolicy, ThresholdPolicy {
  String FILE = "policy.json";

  /** "argmax", "safety" or "thresholds": the value of {@code --policy}. */
  String name();

  /** The decision for probabilities in Management order (NONE, CLNC, EXC). */
  Management decide(double[] pManagement);

  /** One line for reports and FHIR, e.g. "safety: EXC if P(EXC) ≥ 0.3120 (...)". */
  String describe();

  /** The policy.json object; {@code "policy"} holds {@link #name()}. */
  ObjectNode toJson();

  default void write(Path file) {
    DecideJson.write(toJson(), file);
  }

  static DecisionPolicy read(Path file) {
    return fromJson(DecideJson.read(file), file.toString());
  }

  static DecisionPolicy fromJson(JsonNode o, String source) {
    String name = o.path("policy").asText("");
    return switch (name) {
      case ArgmaxPolicy.NAME -> new ArgmaxPolicy();
      case SafetyPolicy.NAME -> SafetyPolicy.fromJson(o, source);
      case ThresholdPolicy.NAME -> ThresholdPolicy.fromJson(o, source);
      default -> throw new UserInputException(
          source + ": 'policy' must be argmax, safety or thresholds, got '" + name + "'");
    };
  }

  /** NONE vs CLNC by the larger probability, ties to NONE (the lower ordinal, as argmax). */
  static Management noneOrClnc(double[] p) {
    return p[Management.CLNC.ordinal()] > p[Management.NONE.ordinal()]
        ? Management.CLNC
        : Management.NONE;
  }
}
