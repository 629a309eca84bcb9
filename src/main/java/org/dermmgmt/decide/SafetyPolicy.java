package org.dermmgmt.decide;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.dermmgmt.UserInputException;
import org.dermmgmt.data.Management;
import org.dermmgmt.eval.EvaluatedCase;

/**
 * A safety operating point: excise when P(EXC) ≥ t, where t is the highest threshold at which at
 * least a fraction S of the fitting cases with a malignant diagnosis (MEL or BCC) still go to
 * excision. Every lower threshold also meets S but excises more benign lesions, so this is the
 * least-excising threshold with the required malignant-excision sensitivity (the issue calls it
 * "the smallest excision threshold such that ..."; read literally that would be t = 0, excise
 * everything). Below t the policy chooses NONE vs CLNC by the larger probability.
 *
 * @param minMalignantExcision S in (0, 1], the sensitivity asked for
 * @param excisionThreshold t on P(EXC)
 * @param malignantCases how many malignant cases t was fitted on
 * @param fittedSensitivity the fraction of them with P(EXC) ≥ t (≥ S; above it when tied)
 * @param fittedOn which cases, e.g. "valid (calibrated)"
 */
public record SafetyPolicy(
    double minMalignantExcision,
    double excisionThreshold,
    int malignantCases,
    double fittedSensitivity,
    String fittedOn) implements DecisionPolicy {
  public static final String NAME = "safety";
  public static final double DEFAULT_MIN_MALIGNANT_EXCISION = 0.95;

  public SafetyPolicy {
    if (!(minMalignantExcision > 0 && minMalignantExcision <= 1)) {
      throw new IllegalArgumentException("minMalignantExcision must be in (0, 1]");
    }
  }

  /**
   * Fits t on the cases' management probabilities (calibrated as they will be used) and true
   * diagnoses; cases without a diagnosis are ignored.
   */
  public static SafetyPolicy fit(List<EvaluatedCase> cases, double s, String fittedOn) {
    double[] p = cases.stream()
        .filter(c -> c.trueDiagnosis() != null && c.trueDiagnosis().isMalignant())
        .mapToDouble(c -> c.pManagement()[Management.EXC.ordinal()])
        .sorted().toArray();
    if (p.length == 0) {
      throw new UserInputException("--min-malignant-excision: none of the " + cases.size()
          + " fitting cases has a malignant (MEL or BCC) diagnosis, so the safety threshold "
          + "cannot be fitted");
    }
    // Ascending order: the k = ceil(S n) largest values must reach t, so t is the k-th largest.
    int k = (int) Math.ceil(s * p.length - 1e-9);
    double t = p[p.length - Math.max(1, k)];
    int reached = 0;
    for (double v : p) {
      reached += v >= t ? 1 : 0;
    }
    return new SafetyPolicy(s, t, p.length, (double) reached / p.length, fittedOn);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Management decide(double[] p) {
    return p[Management.EXC.ordinal()] >= excisionThreshold
        ? Management.EXC
        : DecisionPolicy.noneOrClnc(p);
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT,
        "safety: EXC if P(EXC) >= %.4f, else NONE or CLNC by probability (min malignant excision"
            + " %.2f; %.3f of %d malignant cases of %s)",
        excisionThreshold, minMalignantExcision, fittedSensitivity, malignantCases, fittedOn);
  }

  @Override
  public ObjectNode toJson() {
    ObjectNode o = DecideJson.MAPPER.createObjectNode();
    o.put("policy", NAME);
    o.put("min_malignant_excision", minMalignantExcision);
    o.put("excision_threshold", excisionThreshold);
    o.put("malignant_cases", malignantCases);
    o.put("fitted_sensitivity", fittedSensitivity);
    o.put("fitted_on", fittedOn);
    return o;
  }

  static SafetyPolicy fromJson(JsonNode o, String source) {
    double s = DecideJson.number(o, "min_malignant_excision", source);
    double t = DecideJson.number(o, "excision_threshold", source);
    if (!(s > 0 && s <= 1) || !(t >= 0 && t <= 1)) {
      throw new UserInputException(source + ": min_malignant_excision must be in (0, 1] and "
          + "excision_threshold in [0, 1]");
    }
    return new SafetyPolicy(s, t, o.path("malignant_cases").asInt(0),
        DecideJson.num(o.get("fitted_sensitivity")), o.path("fitted_on").asText(""));
  }
}
